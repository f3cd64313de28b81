package dev.heapwise.vm;

/** Collections the agent asks the JVM for. Each is a full, stop-the-world collection on most collectors. */
public final class Collections {
    private Collections() {
    }

    /**
     * {@code System.gc()}: a full collection (G1, Parallel, Serial), a ZGC cycle; ignored under
     * {@code -XX:+DisableExplicitGC}, concurrent under {@code -XX:+ExplicitGCInvokesConcurrent}.
     */
    public static void full() {
        System.gc();
    }
}
