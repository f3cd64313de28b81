package dev.heapwise.gc;

import dev.heapwise.profile.MemoryProfiler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** The monitor subscribed to this test JVM's real collectors, fed by real collections. */
class GcMonitorTest {
    private GcMonitor monitor;

    private GcMonitor realMonitor() {
        monitor = new GcMonitor(ManagementFactory.getGarbageCollectorMXBeans(),
                MemoryProfiler.heapPoolKinds(ManagementFactory.getMemoryPoolMXBeans()),
                ManagementFactory.getRuntimeMXBean().getStartTime(), 64, 60_000, System::nanoTime);
        return monitor;
    }

    @AfterEach
    void uninstall() {
        if (monitor != null) {
            monitor.uninstall();
        }
    }

    @Test
    void aRealCollectionIsRecordedWithHeapFigures() throws Exception {
        GcMonitor m = realMonitor();
        assertThat(m.install()).isPositive();
        assertThat(m.listening()).isTrue();
        long before = m.totals().collections();
        byte[][] garbage = new byte[64][];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = new byte[1 << 20];
        }
        garbage = null;
        System.gc();
        long deadline = System.nanoTime() + 10_000_000_000L;
        // wait for the explicit collection itself: young collections during the allocation above may be
        // reported first, and a young collection of humongous arrays can end with more in use than it began
        while (majorWithHeapFigures(m) == null && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(m.notificationsSeen()).isPositive();
        assertThat(m.totals().collections()).isGreaterThan(before);
        GcEvent e = majorWithHeapFigures(m);
        assertThat(e).isNotNull();
        assertThat(e.heapAfterBytes()).isPositive();
        assertThat(e.heapBeforeBytes()).isGreaterThanOrEqualTo(e.heapAfterBytes());
        assertThat(e.startTime()).endsWith("Z");
        assertThat(m.history(10)).isNotEmpty();
        assertThat(m.collectors()).extracting(GcMonitor.Collector::name)
                .containsExactlyElementsOf(ManagementFactory.getGarbageCollectorMXBeans().stream()
                        .map(GarbageCollectorMXBean::getName).toList());
    }

    @Test
    void totalsSplitPausesFromConcurrentCyclesByBeanName() {
        GarbageCollectorMXBean cycles = bean("ZGC Cycles", 5, 400);
        GarbageCollectorMXBean pauses = bean("ZGC Pauses", 15, 3);
        GcMonitor m = new GcMonitor(List.of(cycles, pauses), java.util.Map.of(), 0, 16, 60_000, System::nanoTime);
        GcMonitor.Totals t = m.totals();
        assertThat(t.collections()).isEqualTo(20);
        assertThat(t.pauses()).isEqualTo(15);
        assertThat(t.pauseTimeMs()).isEqualTo(3);
        assertThat(t.concurrentCycles()).isEqualTo(5);
        assertThat(t.concurrentTimeMs()).isEqualTo(400);
    }

    @Test
    void recordedEventsFeedTheRightDistribution() {
        GcMonitor m = new GcMonitor(List.of(), java.util.Map.of(), 0, 16, 60_000, () -> 1_000_000_000L);
        m.record(new GcEvent(1, "ZGC Cycles", "major", "concurrent", "Warmup", "t", 80, 10L, 5L, 5L, 5L));
        m.record(new GcEvent(2, "ZGC Pauses", "major", "pause", "Warmup", "t", 1, null, null, null, null));
        assertThat(m.pauseStats().count()).isEqualTo(1);
        assertThat(m.cycleStats().count()).isEqualTo(1);
        assertThat(m.cycleStats().maxMs()).isGreaterThanOrEqualTo(79.0);
        assertThat(m.lastEvent().id()).isEqualTo(2);
        assertThat(m.lastEventWithHeapFigures().id()).isEqualTo(1);
    }

    @Test
    void historyIsBounded() {
        GcMonitor m = new GcMonitor(List.of(), java.util.Map.of(), 0, 16, 60_000, System::nanoTime);
        for (int i = 0; i < 100; i++) {
            m.record(new GcEvent(i, "Copy", "minor", "pause", "Allocation Failure", "t", 1, 2L, 1L, 1L, 1L));
        }
        assertThat(m.history(1000)).hasSize(16);
        assertThat(m.history(1000).get(15).id()).isEqualTo(99);
    }

    private static GarbageCollectorMXBean bean(String name, long count, long time) {
        GarbageCollectorMXBean b = mock(GarbageCollectorMXBean.class);
        when(b.getName()).thenReturn(name);
        when(b.getCollectionCount()).thenReturn(count);
        when(b.getCollectionTime()).thenReturn(time);
        when(b.getMemoryPoolNames()).thenReturn(new String[]{"ZHeap"});
        return b;
    }

    private static GcEvent majorWithHeapFigures(GcMonitor m) {
        return m.history(64).stream().filter(e -> GcClassifier.MAJOR.equals(e.action()) && e.heapAfterBytes() != null)
                .reduce((a, b) -> b).orElse(null);
    }
}
