package dev.heapwise.bootstrap;

/**
 * What the entry and exit advice of a tracked method ({@code trackMethods=}) calls: the thread's allocated
 * bytes are read on entry and again on exit, and the difference goes to the sink with the method's id.
 * Nothing here allocates or locks; with no sink installed both calls are a field read. A method whose
 * entry saw no sink reports nothing on exit; one on a thread that cannot tell its bytes (a virtual thread)
 * reports that it ran, unmeasured.
 */
public final class MethodBridge {
    /** What {@link #enter()} returns when nothing is to be reported on exit. */
    private static final long NOTHING = -1;
    /** What {@link #enter()} returns on a thread whose bytes the JVM does not count: counted on exit, not measured. */
    private static final long UNMEASURED = -2;

    private static volatile MethodSink sink;

    private MethodBridge() {
    }

    /** On entry: the thread's allocated bytes so far, or a negative marker for what exit reports instead. */
    public static long enter() {
        MethodSink s = sink;
        if (s == null) {
            return NOTHING;
        }
        try {
            long bytes = s.allocatedBytes();
            // -1 is the sink's "the JVM cannot tell"; a count gone below zero otherwise (the agent's own
            // bytes taken off a slot that two threads share) reports nothing, as before
            return bytes >= 0 ? bytes : bytes == -1 ? UNMEASURED : NOTHING;
        } catch (Throwable t) {
            return NOTHING;
        }
    }

    /** On exit, normal or by exception: {@code start} is what {@link #enter()} returned. */
    public static void exit(int method, long start) {
        MethodSink s = sink;
        if (s == null || start == NOTHING) {
            return;
        }
        try {
            if (start == UNMEASURED) {
                s.unmeasured(method);
                return;
            }
            long now = s.allocatedBytes();
            if (now >= start) {
                s.exited(method, now - start);
            }
        } catch (Throwable ignored) {
            // the sink counts its own failures; a tracked method must never see one
        }
    }

    /** Installs (or with null removes) the receiver. */
    public static void sink(MethodSink receiver) {
        sink = receiver;
    }
}
