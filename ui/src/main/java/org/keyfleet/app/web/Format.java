package org.keyfleet.app.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the UI writes numbers and times: bits with SI prefixes, UTC instants. */
final class Format {

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private Format() {
    }

    /** Bits with an SI prefix: 950 bit, 12.3 kbit, 4.56 Mbit, 1.2 Gbit. */
    static String bits(long bits) {
        double v = Math.abs((double) bits);
        String sign = bits < 0 ? "-" : "";
        if (v < 1e3) {
            return sign + (long) v + " bit";
        }
        String[] units = {"kbit", "Mbit", "Gbit", "Tbit"};
        int i = 0;
        v /= 1e3;
        while (v >= 1e3 && i < units.length - 1) {
            v /= 1e3;
            i++;
        }
        return sign + String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : v >= 10 ? "%.1f %s" : "%.2f %s", v, units[i]);
    }

    static String minute(Instant t) {
        return t == null ? "" : MINUTE.format(t);
    }

    static String second(Instant t) {
        return t == null ? "" : SECOND.format(t);
    }

    static String percent(double fraction) {
        return Double.isNaN(fraction) ? "–" : String.format(Locale.ROOT, "%.1f %%", 100 * fraction);
    }

    static String duration(Duration d) {
        if (d == null) {
            return "";
        }
        long s = d.toSeconds();
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "." + (d.toMillis() % 1000 / 100) + "s";
    }
}
