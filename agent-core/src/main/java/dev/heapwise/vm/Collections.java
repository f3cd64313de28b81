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

    /**
     * A collection an operator asked for (compaction): the {@code GC.run} diagnostic command, which
     * -XX:+DisableExplicitGC does not switch off (that flag is there for libraries calling
     * {@code System.gc()}); {@code System.gc()} where the command cannot be run.
     */
    public static void requested() {
        try {
            DiagnosticCommands.gcRun();
        } catch (Exception e) {
            System.gc();
        }
    }
}
