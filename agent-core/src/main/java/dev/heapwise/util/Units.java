package dev.heapwise.util;

import java.util.Locale;

/** Human-readable figures for log lines; the JSON API always carries raw bytes and milliseconds. */
public final class Units {
    private Units() {
    }

    public static String bytes(long bytes) {
        if (bytes < 0) {
            return "n/a";
        }
        double v = bytes;
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    public static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    /** Rounds to three decimals so JSON figures stay readable. */
    public static double round3(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    /** A span of minutes as "45 s", "12 min", "3.5 h" or "4.2 days". */
    public static String minutes(double minutes) {
        if (minutes < 1) {
            return String.format(Locale.ROOT, "%.0f s", minutes * 60);
        }
        if (minutes < 120) {
            return String.format(Locale.ROOT, "%.0f min", minutes);
        }
        if (minutes < 48 * 60) {
            return String.format(Locale.ROOT, "%.1f h", minutes / 60);
        }
        return String.format(Locale.ROOT, "%.1f days", minutes / (24 * 60));
    }
}
