package dev.heapwise.bootstrap;

/**
 * Receives tracked methods' entries and exits from {@link MethodBridge}. Implemented by the agent (in its
 * own class loader) and installed into the bridge, which lives in the boot loader.
 */
public interface MethodSink {
    /** Bytes the current thread has allocated so far, or -1 where the JVM cannot tell (a virtual thread). */
    long allocatedBytes();

    /**
     * A tracked method returned or threw.
     *
     * @param method the method's id, given at transform time
     * @param bytes  bytes the thread allocated between entry and exit, everything called underneath included
     */
    void exited(int method, long bytes);

    /**
     * A tracked method returned or threw on a thread whose allocated bytes the JVM does not count (a
     * virtual thread: {@link #allocatedBytes()} was -1 on entry). Counted, not measured.
     */
    void unmeasured(int method);
}
