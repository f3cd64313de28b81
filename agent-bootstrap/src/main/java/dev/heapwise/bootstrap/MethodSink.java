package dev.heapwise.bootstrap;

/**
 * Receives tracked methods' entries and exits from {@link MethodBridge}. Implemented by the agent (in its
 * own class loader) and installed into the bridge, which lives in the boot loader.
 */
public interface MethodSink {
    /** What {@link #allocatedBytes()} returns where the JVM cannot tell (a virtual thread, its counter off). */
    long UNKNOWN = Long.MIN_VALUE;

    /**
     * Bytes the current thread has allocated so far, or {@link #UNKNOWN}. Any other value below zero (a
     * count the sink corrected below zero) makes the invocation report nothing.
     */
    long allocatedBytes();

    /**
     * A tracked method returned or threw.
     *
     * @param method the method's id, given at transform time
     * @param bytes  bytes the thread allocated between entry and exit, everything called underneath included
     */
    void exited(int method, long bytes);

    /**
     * A tracked method returned or threw on a thread whose allocated bytes the JVM does not count
     * ({@link #allocatedBytes()} was {@link #UNKNOWN} on entry). Counted, not measured.
     */
    void unmeasured(int method);
}
