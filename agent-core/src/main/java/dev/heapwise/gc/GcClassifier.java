package dev.heapwise.gc;

import java.util.Locale;

/**
 * Reads what kind of collection a notification describes. Measured on JDK 17 and 25:
 * G1, Parallel and Serial report only stop-the-world pauses ("end of minor GC", "end of major GC";
 * JDK 25 G1 adds "G1 Concurrent GC" with "end of concurrent GC pause", its remark and cleanup pauses);
 * ZGC reports concurrent cycles on its "Cycles" beans ("end of GC cycle") and pauses on its "Pauses"
 * beans ("end of GC pause"), minor and major ones apart on JDK 21+.
 */
public final class GcClassifier {
    public static final String PAUSE = "pause";
    public static final String CONCURRENT = "concurrent";
    public static final String MINOR = "minor";
    public static final String MAJOR = "major";

    private GcClassifier() {
    }

    /** {@code pause} or {@code concurrent}, from the notification's action or, for bean totals, the bean's name. */
    public static String phase(String collectorName, String action) {
        String a = action == null ? "" : action.toLowerCase(Locale.ROOT);
        if (a.contains("cycle")) {
            return CONCURRENT;
        }
        if (a.isEmpty() && collectorName.toLowerCase(Locale.ROOT).contains("cycles")) {
            return CONCURRENT;
        }
        return PAUSE;
    }

    /** The phase of everything a collector bean counts, judged by its name alone. */
    public static String phaseOfBean(String collectorName) {
        return phase(collectorName, null);
    }

    /** {@code minor} (young generation only) or {@code major} (old generation or whole heap). */
    public static String action(String collectorName, String action) {
        String a = action == null ? "" : action.toLowerCase(Locale.ROOT);
        if (a.contains("minor")) {
            return MINOR;
        }
        if (a.contains("major")) {
            return MAJOR;
        }
        String n = collectorName.toLowerCase(Locale.ROOT);
        if (n.contains("minor") || n.contains("young") || n.contains("scavenge") || n.equals("copy")) {
            return MINOR;
        }
        return MAJOR;
    }
}
