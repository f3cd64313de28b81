package dev.heapwise.leak;

/**
 * A pattern whose name is fixed and whose switch is read once from configuration, which is most of
 * them (the class histogram and survivor patterns instead work out whether they can run).
 */
abstract class SwitchedPattern implements LeakPattern {
    private final String name;
    private final boolean enabled;

    SwitchedPattern(String name, boolean enabled) {
        this.name = name;
        this.enabled = enabled;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final boolean enabled() {
        return enabled;
    }
}
