package dev.heapwise.util;

/**
 * Whether the heap has room now, found the only sure way: by allocating it. Work that must not stop half-way
 * (closing a dead HTTP server's channels: an OutOfMemoryError inside the JDK's close left a listening socket
 * marked closed yet still bound, so its port could never be taken again) asks first, and waits for a later
 * chance when there is no room: an application that ran its heap out usually lets go of it soon.
 */
public final class HeapRoom {
    /** Written so the probe escapes: an allocation nothing reads could be left out by the JIT. */
    @SuppressWarnings("unused")
    private static volatile byte[] probe;

    private HeapRoom() {
    }

    /** True when {@code bytes} could be allocated just now (they are let go at once). */
    public static boolean has(int bytes) {
        try {
            probe = new byte[bytes];
            return true;
        } catch (OutOfMemoryError none) {
            return false;
        } finally {
            probe = null;
        }
    }
}
