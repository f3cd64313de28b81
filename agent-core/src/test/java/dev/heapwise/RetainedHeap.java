package dev.heapwise;

import java.lang.management.ManagementFactory;

/** Heap in use after collections have settled: footprint tests measure what a structure retains as the difference. */
public final class RetainedHeap {
    private RetainedHeap() {
    }

    /** The lowest heap usage over a few full collections (one may not finish what a concurrent cycle started). */
    public static long settledHeapUsed() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
