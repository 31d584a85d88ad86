package org.keyfleet.app.web;

import java.time.Duration;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * The user store's password check behind the {@link LoginThrottle}: an attempt the throttle holds back is refused
 * before any password is looked at, so the right password fails as well while a name or address is locked.
 */
final class ThrottledAuthentication implements AuthenticationProvider {

    private final AuthenticationProvider passwords;
    private final LoginThrottle throttle;

    ThrottledAuthentication(AuthenticationProvider passwords, LoginThrottle throttle) {
        this.passwords = passwords;
        this.throttle = throttle;
    }

    @Override
    public Authentication authenticate(Authentication request) {
        String user = request.getName();
        String address = request.getDetails() instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : "";
        Duration wait = throttle.begin(user, address);
        if (!wait.isZero()) {
            throw new Throttled(wait);
        }
        Authentication result;
        try {
            result = passwords.authenticate(request);
        } catch (BadCredentialsException e) {
            throttle.failed(user, address);
            throw e;
        }
        if (result != null && result.isAuthenticated()) {
            throttle.succeeded(user, address);
        }
        return result;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    /** A sign-in refused unseen: too many failures lately; {@link #seconds()} until the next may be tried. */
    static final class Throttled extends AuthenticationException {

        private final long seconds;

        Throttled(Duration wait) {
            super("too many sign-in attempts");
            // whole seconds, rounded up: "try again in 0 s" would be wrong
            this.seconds = Math.max(1, wait.plusNanos(999_999_999).toSeconds());
        }

        long seconds() {
            return seconds;
        }
    }
}
