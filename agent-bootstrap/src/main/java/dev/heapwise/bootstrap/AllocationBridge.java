package dev.heapwise.bootstrap;

import jdk.internal.vm.annotation.DontInline;
import jdk.internal.vm.annotation.ForceInline;

/**
 * What instrumented allocation sites call. It lives in the boot loader, so code of every class loader
 * can see it, and depends on java.base only.
 *
 * <p>The fast path is a per-thread byte countdown: each allocation subtracts its size, and only when
 * the countdown crosses zero does the slow path run. The countdowns live in one padded {@code long[]}
 * indexed by thread id (no ThreadLocal: no map lookup, nothing allocated, nothing pinned), one cache
 * line a slot so threads do not share lines. Two threads whose ids fall on the same slot share a
 * countdown; the races cost accuracy only, never safety.
 *
 * <p>Sampling is a Poisson process over bytes: after each sample the next gap is drawn from an
 * exponential distribution with mean {@code interval}. A sampled allocation of {@code size} bytes,
 * met when the countdown stood at {@code c}, carries the weight {@code interval + size - c}: the
 * expected bytes it stands for, unbiased at every object size (the weight tcmalloc uses). Because the
 * exponential is memoryless, resetting or sharing a countdown keeps every estimate unbiased.
 */
public final class AllocationBridge {
    private static final int SLOT_BITS = 12;
    private static final int SLOTS = 1 << SLOT_BITS;
    private static final int MASK = SLOTS - 1;
    /** Longs per slot: 8 x 8 bytes = one 64-byte cache line. */
    private static final int STRIDE = 8;
    private static final int COUNTDOWN = 0;
    private static final int INTERVAL = 1;
    private static final int RANDOM = 2;
    private static final int BUSY = 3;
    /** Bytes the agent itself allocated on this slot's thread (sampling), kept out of per-method figures. */
    private static final int OWN = 4;

    /** Slot state, with one slot of padding at each end so no slot shares a line with the array header. */
    private static final long[] STATE = new long[(SLOTS + 2) * STRIDE];

    /**
     * Bytes before the first element of an array, and in an object header: set by the agent from the
     * VM's flags before this class is first used (compressed class pointers: 16 and 12).
     */
    private static final int ARRAY_BASE = Integer.getInteger("dev.heapwise.bootstrap.arrayBase", 16);

    private static volatile long interval = 512 * 1024;
    private static volatile AllocationSink sink;

    private AllocationBridge() {
    }

    /*
     * The entry points below are the fast path. They carry HotSpot's @ForceInline, which the VM honours
     * for classes of the boot loader, where this one lives: C2 then inlines them at every site and
     * counts each as 1 byte against the inlining budget of the compiled method (DesiredMethodLimit, 8000
     * bytes of bytecode), where without it every rewritten site spent about 50 bytes of that budget on
     * the bridge and crowded out the application's own inlining (PrintInlining over 30 s of Lucene, no
     * agent / without the annotation / with it: "too big" 1036 / 2807 / 1300, "size > DesiredMethodLimit"
     * 180 / 444 / 295). The slow path is @DontInline: its call stays a plain out-of-line call.
     *
     * Where the annotation is not honoured (a VM without it, a copy of this class on another loader),
     * each entry point must still stay at most 35 bytes of bytecode (checked by FastPathSizeTest): C2
     * inlines a callee that small at every call site, hot or not. Hence the compound assignment (javac
     * emits it as dup2_x2, no local), and the array size in a helper of its own.
     */

    /** After {@code new T(...)} returned: {@code size} is T's instance size, a constant of the site. */
    @ForceInline
    public static void object(int site, int size) {
        if ((STATE[slot()] -= size) < 0) {
            slow(site, size);
        }
    }

    /**
     * Just before a one-dimensional array of {@code length} elements of {@code 1 << shift} bytes is
     * allocated (before, so that nothing stands between the allocation and the code that fills it).
     */
    @ForceInline
    public static void array(int length, int site, int shift) {
        long size = arraySize(length, shift);
        if ((STATE[slot()] -= size) < 0) {
            slow(site, size);
        }
    }

    /**
     * After a multi-dimensional array was allocated: its size is the sum of every array in it, found
     * by walking the levels the instruction created ({@code dims}). Multi-dimensional arrays are never
     * scalar-replaced, so passing the array to measure it costs nothing escape analysis would have saved.
     */
    public static void multiArray(Object array, int site, int dims) {
        long size = sizeOf(array, dims);
        if ((STATE[slot()] -= size) < 0) {
            slow(site, size);
        }
    }

    /**
     * A negative length (the allocation is about to throw) counts as 0 bytes, as a constructor that throws
     * counts as nothing: the mask is all ones for a length of 0 or more, and 0 for a negative one (no branch).
     */
    @ForceInline
    private static long arraySize(int length, int shift) {
        return ((long) length << shift) + ARRAY_BASE + 7 & ~7L & ~(long) (length >> 31);
    }

    /** Installs (or with null removes) the receiver of samples. */
    public static void sink(AllocationSink receiver) {
        sink = receiver;
    }

    /** The mean sampling interval in bytes for gaps drawn from now on (1 samples every allocation). */
    public static void interval(long bytes) {
        interval = Math.max(1, bytes);
    }

    public static long interval() {
        return interval;
    }

    /** Adds bytes the agent allocated on the current thread while handling a sample. */
    public static void ownAllocation(long bytes) {
        STATE[slot() + OWN] += bytes;
    }

    /** Bytes the agent allocated on the current thread so far (monotonic; shared when threads share a slot). */
    public static long ownAllocated() {
        return STATE[slot() + OWN];
    }

    public static int arrayBase() {
        return ARRAY_BASE;
    }

    @ForceInline
    private static int slot() {
        return (((int) Thread.currentThread().getId() & MASK) + 1) * STRIDE;
    }

    /** The countdown crossed zero: {@code size} was just subtracted from this thread's slot. */
    @DontInline
    private static void slow(int site, long size) {
        int slot = slot();
        long[] s = STATE;
        long before = s[slot] + size;
        if (s[slot + BUSY] != 0) {
            // an allocation made by the sampler itself: let it pass without sampling or recursion
            s[slot] = Math.max(s[slot], 1);
            return;
        }
        long drawnWith = s[slot + INTERVAL];
        if (drawnWith == 0) {
            // a slot no thread has used yet: start its first gap here, then apply this allocation to it
            drawnWith = interval;
            before = nextGap(slot, drawnWith);
            s[slot + INTERVAL] = drawnWith;
            long after = before - size;
            s[slot] = after;
            if (after >= 0) {
                return;
            }
        }
        // a countdown already below zero (two threads raced on a shared slot) counts as zero
        long weight = drawnWith + size - Math.max(0, before);
        long next = interval;
        s[slot + INTERVAL] = next;
        s[slot] = nextGap(slot, next);
        AllocationSink receiver = sink;
        if (receiver == null) {
            return;
        }
        s[slot + BUSY] = 1;
        try {
            receiver.sampled(site, size, weight, drawnWith);
        } catch (Throwable ignored) {
            // the sink logs its own failures; an allocation site must never see one
        } finally {
            s[slot + BUSY] = 0;
        }
    }

    /** An exponential gap with mean {@code mean} bytes, from a per-slot xorshift generator. */
    private static long nextGap(int slot, long mean) {
        if (mean <= 1) {
            return 0;
        }
        long[] s = STATE;
        long x = s[slot + RANDOM];
        if (x == 0) {
            x = System.nanoTime() ^ (slot * 0x9E3779B97F4A7C15L) | 1;
        }
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        s[slot + RANDOM] = x;
        // 53 random bits -> (0, 1]; never 0, so the log is finite
        double u = ((x >>> 11) + 1) * 0x1.0p-53;
        return (long) (-Math.log(u) * mean);
    }

    private static long sizeOf(Object array, int dims) {
        if (array == null) {
            return 0;
        }
        int length = java.lang.reflect.Array.getLength(array);
        if (array instanceof Object[]) {
            long size = ((long) length << refShift()) + ARRAY_BASE + 7 & ~7L;
            if (dims > 1) {
                for (Object element : (Object[]) array) {
                    size += sizeOf(element, dims - 1);
                }
            }
            return size;
        }
        return ((long) length << primitiveShift(array)) + ARRAY_BASE + 7 & ~7L;
    }

    private static final int REF_SHIFT = Integer.getInteger("dev.heapwise.bootstrap.refShift", 2);

    private static int refShift() {
        return REF_SHIFT;
    }

    private static int primitiveShift(Object array) {
        if (array instanceof byte[] || array instanceof boolean[]) {
            return 0;
        }
        if (array instanceof char[] || array instanceof short[]) {
            return 1;
        }
        if (array instanceof int[] || array instanceof float[]) {
            return 2;
        }
        return 3;
    }
}
