package dev.heapwise.it.apps;

/** A class that {@link LeakScenarios} loads in a loader of its own, as a plugin system would. */
public final class Plugin {
    private final byte[] state = new byte[256];

    public int size() {
        return state.length;
    }
}
