package org.keyfleet.app.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts sign-in attempts per user name and per client address ({@link LoginLimits}). An attempt is counted as a
 * failure when it starts ({@link #begin}) and forgiven when it succeeds, so parallel guesses cannot all slip through
 * before the first failure is recorded. Thread-safe; state lives in memory only (a restart forgets it).
 */
final class LoginThrottle {

    private static final Logger LOG = LoggerFactory.getLogger(LoginThrottle.class);
    /** Beyond this many tracked names and addresses, idle ones are dropped (a spray of made-up names). */
    private static final int MAX_TRACKED = 10_000;

    private final LoginLimits limits;
    private final Clock clock;
    private final ConcurrentMap<String, Attempts> tracked = new ConcurrentHashMap<>();

    LoginThrottle(LoginLimits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    /**
     * Starts an attempt: how long it must wait (it is refused, uncounted), or zero when it may check the password,
     * in which case it counts as a failure until {@link #succeeded}.
     */
    Duration begin(String user, String address) {
        Instant now = clock.instant();
        if (tracked.size() > MAX_TRACKED) {
            tracked.values().removeIf(a -> a.idle(now));
        }
        Attempts byUser = tracked.computeIfAbsent(userKey(user), k -> new Attempts());
        Attempts byAddress = tracked.computeIfAbsent(addressKey(address), k -> new Attempts());
        // both locks, in a fixed order, so that the check and the count are one step for both keys
        synchronized (byUser) {
            synchronized (byAddress) {
                Duration wait = max(byUser.remaining(now), byAddress.remaining(now));
                if (!wait.isZero()) {
                    return wait;
                }
                byUser.count(now);
                byAddress.count(now);
                return Duration.ZERO;
            }
        }
    }

    /** The attempt {@link #begin} let through had a wrong password; logs a lock-out it caused. */
    void failed(String user, String address) {
        List<String> locked = new ArrayList<>();
        if (lockoutToReport(userKey(user))) {
            locked.add("user '" + printable(user) + "'");
        }
        if (lockoutToReport(addressKey(address))) {
            locked.add("address " + printable(address));
        }
        if (!locked.isEmpty()) {
            LOG.warn("UI sign-in locked for {} s after {} failed attempts within {} s: {}", limits.lockout().toSeconds(),
                    limits.lockoutAfter(), limits.window().toSeconds(), String.join(", ", locked));
        }
    }

    private boolean lockoutToReport(String key) {
        Attempts a = tracked.get(key);
        return a != null && a.lockoutToReport();
    }

    /** The right password: the user's and the address's counts start afresh. */
    void succeeded(String user, String address) {
        tracked.remove(userKey(user));
        tracked.remove(addressKey(address));
    }

    private static String userKey(String user) {
        // user names are case-insensitive here, as in the user store
        String u = user == null ? "" : user.trim().toLowerCase(Locale.ROOT);
        return "user:" + (u.length() > 256 ? u.substring(0, 256) : u);
    }

    private static String addressKey(String address) {
        return "address:" + (address == null ? "" : address);
    }

    /** A user name fit for one log line: no control characters, at most 64 characters. */
    static String printable(String s) {
        if (s == null) {
            return "";
        }
        String clean = s.codePoints().limit(64).map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return s.codePointCount(0, s.length()) > 64 ? clean + "..." : clean;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** The attempts of one user name or one address. */
    private final class Attempts {

        private final ArrayDeque<Instant> failures = new ArrayDeque<>();
        private Instant notBefore = Instant.MIN;
        private Instant lockedUntil = Instant.MIN;
        private boolean lockoutReported = true;

        synchronized Duration remaining(Instant now) {
            Instant until = notBefore.isAfter(lockedUntil) ? notBefore : lockedUntil;
            return until.isAfter(now) ? Duration.between(now, until) : Duration.ZERO;
        }

        synchronized void count(Instant now) {
            Instant since = now.minus(limits.window());
            while (!failures.isEmpty() && !failures.peekFirst().isAfter(since)) {
                failures.removeFirst();
            }
            failures.addLast(now);
            if (failures.size() >= limits.lockoutAfter()) {
                lockedUntil = now.plus(limits.lockout());
                lockoutReported = false;
                failures.clear();   // after the lock-out the count starts afresh
            } else {
                notBefore = now.plus(limits.delayAfter(failures.size()));
            }
        }

        synchronized boolean lockoutToReport() {
            if (lockoutReported) {
                return false;
            }
            lockoutReported = true;
            return true;
        }

        synchronized boolean idle(Instant now) {
            return remaining(now).isZero() && (failures.isEmpty() || !failures.peekLast().isAfter(now.minus(limits.window())));
        }
    }
}
