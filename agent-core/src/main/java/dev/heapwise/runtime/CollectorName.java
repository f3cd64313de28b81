package dev.heapwise.runtime;

import java.util.List;

/** The collector in use, named the way its -XX flag names it, from the GC beans' names. */
public final class CollectorName {
    private CollectorName() {
    }

    public static String of(List<String> beanNames) {
        String all = String.join(",", beanNames);
        if (all.contains("G1")) {
            return "G1";
        }
        if (all.contains("ZGC")) {
            return "ZGC";
        }
        if (all.contains("Shenandoah")) {
            return "Shenandoah";
        }
        if (all.contains("PS ") || all.contains("PS MarkSweep")) {
            return "Parallel";
        }
        if (all.contains("Copy") || all.contains("MarkSweepCompact")) {
            return "Serial";
        }
        if (all.contains("Epsilon") || beanNames.isEmpty()) {
            return beanNames.isEmpty() ? "none reported" : "Epsilon";
        }
        return all;
    }
}
