package dev.heapwise.tuner;

/** What the tuner may do: nothing, say what it would do, or do it. */
public enum TunerMode {
    OFF, ADVISE, AUTO;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
