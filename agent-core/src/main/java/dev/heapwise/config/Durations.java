package dev.heapwise.config;

import java.time.Duration;
import java.util.Locale;

/** Durations written the way people write them: {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}; a bare number is seconds. */
public final class Durations {
    private Durations() {
    }

    public static Duration parse(String text, String must) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        long unitMillis;
        String digits;
        if (s.endsWith("ms")) {
            unitMillis = 1;
            digits = s.substring(0, s.length() - 2);
        } else if (s.endsWith("s")) {
            unitMillis = 1000;
            digits = s.substring(0, s.length() - 1);
        } else if (s.endsWith("m")) {
            unitMillis = 60_000;
            digits = s.substring(0, s.length() - 1);
        } else if (s.endsWith("h")) {
            unitMillis = 3_600_000;
            digits = s.substring(0, s.length() - 1);
        } else {
            unitMillis = 1000;
            digits = s;
        }
        try {
            long n = Long.parseLong(digits.trim());
            if (n < 0) {
                throw new IllegalArgumentException(must);
            }
            return Duration.ofMillis(Math.multiplyExact(n, unitMillis));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(must);
        }
    }

    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
