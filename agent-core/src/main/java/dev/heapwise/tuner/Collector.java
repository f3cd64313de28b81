package dev.heapwise.tuner;

/** The collector in use, as far as the tuner's levers care: each honours a different set of levers. */
public enum Collector {
    G1, PARALLEL, SERIAL, ZGC, SHENANDOAH, OTHER;

    /** From {@link dev.heapwise.runtime.CollectorName}'s names ("G1", "ZGC", "Parallel", ...). */
    public static Collector of(String name) {
        switch (name) {
            case "G1": return G1;
            case "Parallel": return PARALLEL;
            case "Serial": return SERIAL;
            case "ZGC": return ZGC;
            case "Shenandoah": return SHENANDOAH;
            default: return OTHER;
        }
    }

    /** How the collector's own flag names it, for messages. */
    public String display() {
        switch (this) {
            case G1: return "G1";
            case PARALLEL: return "Parallel";
            case SERIAL: return "Serial";
            case ZGC: return "ZGC";
            case SHENANDOAH: return "Shenandoah";
            default: return "this collector";
        }
    }
}
