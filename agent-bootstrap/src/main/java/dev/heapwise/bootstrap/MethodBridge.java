package dev.heapwise.bootstrap;

/**
 * What the entry and exit advice of a tracked method ({@code trackMethods=}) calls: the thread's allocated
 * bytes are read on entry and again on exit, and the difference goes to the sink with the method's id.
 * Nothing here allocates or locks; with no sink installed both calls are a field read. A method whose
 * entry saw no sink (or a thread that cannot tell its bytes) reports nothing on exit.
 */
public final class MethodBridge {
    private static volatile MethodSink sink;

    private MethodBridge() {
    }

    /** On entry: the thread's allocated bytes so far, or -1 to report nothing on exit. */
    public static long enter() {
        MethodSink s = sink;
        if (s == null) {
            return -1;
        }
        try {
            return s.allocatedBytes();
        } catch (Throwable t) {
            return -1;
        }
    }

    /** On exit, normal or by exception: {@code start} is what {@link #enter()} returned. */
    public static void exit(int method, long start) {
        MethodSink s = sink;
        if (s == null || start < 0) {
            return;
        }
        try {
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
