package dev.heapwise.compaction;

import dev.heapwise.profile.ProcStatus;
import org.junit.jupiter.api.Test;

import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** The memory bean and the clock are seams; the accounting and the cool-down are the compactor's own. */
class CompactorTest {
    private static final long MB = 1L << 20;
    private final MemoryMXBean memory = mock(MemoryMXBean.class);
    private long nanos;

    private static MemoryUsage heap(long usedMb, long committedMb) {
        return new MemoryUsage(0, usedMb * MB, committedMb * MB, 1024 * MB);
    }

    private Compactor compactor(boolean stepwise, AtomicInteger runs) {
        return compactor(stepwise, runs, runs::get);
    }

    private Compactor compactor(boolean stepwise, AtomicInteger runs, LongSupplier fullCollections) {
        return new Compactor("G1", stepwise, memory, new ProcStatus(), runs::incrementAndGet, fullCollections,
                30_000, 10, () -> nanos, () -> Instant.EPOCH);
    }

    @Test
    void reportsWhatOneCollectionFreedAndCoolsDownManualOnes() throws Exception {
        when(memory.getHeapMemoryUsage()).thenReturn(heap(800, 1000), heap(100, 300));
        AtomicInteger runs = new AtomicInteger();
        Compactor c = compactor(false, runs);
        Compaction done = c.manual("test");
        assertThat(runs).hasValue(1);
        assertThat(done.freedBytes()).isEqualTo(700 * MB);
        assertThat(done.efficiency()).isEqualTo(0.875);
        assertThat(done.committedReleasedBytes()).isEqualTo(700 * MB);
        assertThat(done.rssBeforeBytes()).isPositive();
        nanos += 10_000_000_000L;
        assertThatThrownBy(() -> c.manual("again")).isInstanceOf(Compactor.CoolingDown.class)
                .satisfies(e -> assertThat(((Compactor.CoolingDown) e).retryAfterMs()).isEqualTo(20_000));
        c.automatic("idle"); // the cool-down is for manual requests
        nanos += 20_000_000_000L;
        c.manual("after the cool-down");
        assertThat(c.stats()).containsEntry("compactions", 3L).containsEntry("manual", 2L).containsEntry("automatic", 1L);
        assertThat(c.history(10)).extracting(Compaction::trigger).containsExactly("manual", "idle", "manual");
    }

    @Test
    void stepwiseCollectorsAreCollectedAgainUntilLittleUnusedHeapIsLeft() {
        // Serial: the first full collection gives nothing back, the next a part, the third the rest
        when(memory.getHeapMemoryUsage()).thenReturn(heap(500, 1000), heap(50, 1000), heap(50, 900), heap(50, 60));
        AtomicInteger runs = new AtomicInteger();
        Compaction done = compactor(true, runs).automatic("idle");
        assertThat(runs).hasValue(3);
        assertThat(done.committedAfterBytes()).isEqualTo(60 * MB);

        when(memory.getHeapMemoryUsage()).thenReturn(heap(500, 1000), heap(50, 1000));
        runs.set(0);
        assertThat(compactor(true, runs).automatic("idle").collections()).isEqualTo(4); // never more than four
    }

    @Test
    void aCollectionTheJvmDroppedIsAskedForAgainAndNotCountedWhenItNeverRan() {
        // JDK 17's Parallel and Serial skip a requested full collection while a thread holds the GC locker
        when(memory.getHeapMemoryUsage()).thenReturn(heap(500, 1000), heap(50, 300));
        AtomicInteger runs = new AtomicInteger();
        Compaction second = compactor(false, runs, () -> runs.get() >= 2 ? 1 : 0).automatic("idle");
        assertThat(runs).hasValue(2);
        assertThat(second.collections()).isEqualTo(1);

        when(memory.getHeapMemoryUsage()).thenReturn(heap(500, 1000), heap(510, 1000));
        runs.set(0);
        Compaction none = compactor(false, runs, () -> 7).automatic("idle");
        assertThat(runs).hasValue(Compactor.MAX_REQUESTS);
        assertThat(none.collections()).isZero();

        runs.set(0);
        assertThat(compactor(false, runs, () -> -1).automatic("idle").collections()).isEqualTo(1); // cannot tell: once
        assertThat(runs).hasValue(1);
    }
}
