package dev.heapwise.sampling;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Real weak references and real collections. */
class SurvivorTableTest {
    private final AtomicLong markings = new AtomicLong();
    private final AtomicLong collections = new AtomicLong();

    private static double bytesOf(List<SurvivorTable.SiteSurvivors> list, int site) {
        return list.stream().filter(s -> s.site() == site).mapToDouble(SurvivorTable.SiteSurvivors::bytes).sum();
    }

    @Test
    void onlyReachableSamplesBornBeforeTheMarkingCount() {
        SurvivorTable t = new SurvivorTable(10_000, markings::get, collections::get);
        List<Object> kept = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Object o = new byte[64];
            kept.add(o);
            t.add(o, 1, 1000);
            t.add(new byte[64], 2, 1000); // garbage at once
        }
        markings.set(3);
        for (int i = 0; i < 10; i++) {
            Object o = new byte[64];
            kept.add(o);
            t.add(o, 1, 1000); // born after marking 3
        }
        System.gc();
        List<SurvivorTable.SiteSurvivors> old = t.survivorsBySite(3);
        assertThat(bytesOf(old, 1)).isEqualTo(100_000);
        assertThat(bytesOf(old, 2)).isZero();
        assertThat(bytesOf(t.survivorsBySite(4), 1)).isEqualTo(110_000);
        assertThat(kept).hasSize(110);
    }

    @Test
    void pastCapacityItThinsAndTheEstimateStaysUnbiased() {
        SurvivorTable t = new SurvivorTable(1024, markings::get, collections::get);
        List<Object> kept = new ArrayList<>();
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            Object o = new Object();
            kept.add(o);
            t.add(o, 7, 100);
        }
        assertThat(t.size()).isLessThanOrEqualTo(1024);
        double estimate = bytesOf(t.survivorsBySite(1), 7);
        // each kept entry stands for 2^k samples; the sum estimates n * 100 within a few percent
        assertThat(estimate).isCloseTo(n * 100.0, within(n * 100.0 * 0.15));
        assertThat(t.stats().keepProbability()).isLessThan(1.0);
        assertThat(kept).hasSize(n);
    }

    @Test
    void capacityFollowsTheHeapWithinItsBounds() {
        assertThat(SurvivorTable.capacityFor(256L << 20, 512 << 10, 16_384)).isEqualTo(1024);
        assertThat(SurvivorTable.capacityFor(6L << 30, 512 << 10, 16_384)).isEqualTo(12_288);
        assertThat(SurvivorTable.capacityFor(64L << 30, 512 << 10, 16_384)).isEqualTo(16_384);
    }
}
