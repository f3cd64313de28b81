package dev.heapwise.profile;

import dev.heapwise.gc.GcEvent;
import dev.heapwise.gc.GcMonitor;
import dev.heapwise.RetainedHeap;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent's own retained heap with full histories: one hour of profiles at one a second (the
 * test profile's rate; prod keeps 360 at 10 s) and a full GC-event history. Printed for the README,
 * and bounded so a change that bloats a profile fails here.
 */
class HistoryFootprintTest {
    private static final int ONE_HOUR_AT_1S = 3600;
    private static final int GC_EVENTS = 1024;

    @Test
    void fullHistoriesStayWithinTheirBound() {
        long before = RetainedHeap.settledHeapUsed();
        GcMonitor gc = new GcMonitor(ManagementFactory.getGarbageCollectorMXBeans(),
                MemoryProfiler.heapPoolKinds(ManagementFactory.getMemoryPoolMXBeans()),
                ManagementFactory.getRuntimeMXBean().getStartTime(), GC_EVENTS, 300_000, System::nanoTime);
        MemoryProfiler profiler = MemoryProfiler.forThisJvm(gc, ONE_HOUR_AT_1S);
        for (int i = 0; i < GC_EVENTS; i++) {
            gc.record(new GcEvent(i, "G1 Young Generation", "minor", "pause", "G1 Evacuation Pause",
                    java.time.Instant.now().toString(), 3, 100L << 20, 10L << 20, 90L << 20, 8L << 20));
        }
        for (int i = 0; i < ONE_HOUR_AT_1S; i++) {
            profiler.record();
        }
        long after = RetainedHeap.settledHeapUsed();
        long retained = after - before;
        System.out.printf("heapwise retained heap: %d profiles + %d GC events = %.2f MB (%.0f bytes/profile incl. events)%n",
                profiler.historySize(), gc.historySize(), retained / 1048576.0, retained / (double) ONE_HOUR_AT_1S);
        assertThat(profiler.historySize()).isEqualTo(ONE_HOUR_AT_1S);
        assertThat(retained).as("retained bytes").isLessThan(24L << 20);
        assertThat(profiler.latest()).isNotNull(); // keep both reachable until measured
        assertThat(gc.lastEvent()).isNotNull();
    }
}
