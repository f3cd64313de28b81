package dev.heapwise.util;

import java.util.function.UnaryOperator;

/**
 * Whether the heap has room now. Work that must not stop half-way asks first (closing a dead HTTP
 * server's channels: an OutOfMemoryError inside the JDK's close left a listening socket marked closed yet
 * still bound, so its port could never be taken again), and waits for a later chance when there is none:
 * an application that ran its heap out usually lets go of it soon. An answer of yes makes the work likely
 * to finish, not certain: the room may be taken again before the work allocates.
 */
public final class HeapRoom {
    /** Probe chunks: far below a G1 region's half, so no chunk is a humongous object needing free regions side by side. */
    private static final int CHUNK = 64 << 10;
    private static final String[] FLAGS_ACTING_ON_OOM = {"ExitOnOutOfMemoryError", "CrashOnOutOfMemoryError",
            "HeapDumpOnOutOfMemoryError"};

    /** Written so the probe escapes: an allocation nothing reads could be left out by the JIT. */
    @SuppressWarnings("unused")
    private static volatile byte[][] probe;

    private final boolean mayProbe;

    private HeapRoom(boolean mayProbe) {
        this.mayProbe = mayProbe;
    }

    /**
     * Probing is left out where the JVM acts on an OutOfMemoryError itself (exits, crashes, dumps the heap,
     * runs a command): the probe's own would set that off, for the agent's question rather than the
     * application's trouble. {@code flag} reads a JVM flag's value, null where there is no such flag.
     */
    public static HeapRoom of(UnaryOperator<String> flag) {
        boolean actsOnOom = false;
        for (String name : FLAGS_ACTING_ON_OOM) {
            actsOnOom |= "true".equals(flag.apply(name));
        }
        String command = flag.apply("OnOutOfMemoryError");
        actsOnOom |= command != null && !command.isEmpty();
        return new HeapRoom(!actsOnOom);
    }

    public boolean mayProbe() {
        return mayProbe;
    }

    /**
     * True when {@code bytes} can be had now: where allowed, found by allocating them in chunks and letting
     * go at once; else from the heap's figures, which allocate nothing but can be wrong either way (they
     * count garbage as used until it is collected, and a generational heap can be out of room with its old
     * generation full while the figures show space: Parallel's "GC overhead limit exceeded" with 9 MB of a
     * 57 MB heap seemingly free). A probe that finds no room has made the collector work first: a caller
     * told no should wait before it asks again.
     */
    public boolean has(long bytes) {
        if (!mayProbe) {
            Runtime rt = Runtime.getRuntime();
            return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory()) >= bytes;
        }
        try {
            byte[][] chunks = new byte[(int) Math.min(Integer.MAX_VALUE, (bytes + CHUNK - 1) / CHUNK)][];
            probe = chunks;
            for (int i = 0; i < chunks.length; i++) {
                chunks[i] = new byte[CHUNK];
            }
            return true;
        } catch (OutOfMemoryError none) {
            return false;
        } finally {
            probe = null;
        }
    }
}
