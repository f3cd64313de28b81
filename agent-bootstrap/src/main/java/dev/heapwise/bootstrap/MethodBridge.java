package dev.heapwise.bootstrap;

/**
 * What the entry and exit advice of a tracked method ({@code trackMethods=}) calls: the thread's allocated
 * bytes are read on entry and again on exit, and the difference goes to the sink with the method's id.
 * Nothing here allocates or locks; with no sink installed both calls are a field read. A method whose
 * entry saw no sink reports nothing on exit; one on a thread that cannot tell its bytes (a virtual thread)
 * reports that it ran, unmeasured.
 */
public final class MethodBridge {
    /*
     * What enter() returns, for exit(): the thread's bytes plus one, or one of the two markers below. Zero
     * means "report nothing" because it is also what exit() is handed when enter() itself failed: the
     * advice suppresses the failure and passes on the type's default value, which must never read as a
     * count (a start of 0 would record the thread's whole lifetime of bytes as one invocation).
     */
    private static final long NOTHING = 0;
    private static final long UNMEASURED = -1;

    private static volatile MethodSink sink;

    private MethodBridge() {
    }

    /** On entry: the thread's allocated bytes so far plus one, or a marker for what exit reports instead. */
    public static long enter() {
        MethodSink s = sink;
        if (s == null) {
            return NOTHING;
        }
        try {
            long bytes = s.allocatedBytes();
            return bytes >= 0 ? bytes + 1 : bytes == MethodSink.UNKNOWN ? UNMEASURED : NOTHING;
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
            long began = start - 1;
            long now = s.allocatedBytes();
            if (began >= 0 && now >= began) {
                s.exited(method, now - began);
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
