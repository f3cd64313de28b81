package dev.heapwise.bootstrap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The sampler's statistics: estimates from weighted samples match the bytes really counted. */
class AllocationBridgeTest {
    /** Small enough that each site gets thousands of samples: 5% is then about five standard deviations. */
    private static final long INTERVAL = 4096;

    /**
     * The bridge is static: a countdown left by an earlier test was drawn with that test's interval.
     * One allocation larger than any gap forces a sample, and the next gap is drawn with the interval
     * now set (the flush lands on site 0, which the tests never read).
     */
    private static void flush(AllocationSink sink, long interval) {
        AllocationBridge.interval(interval);
        AllocationBridge.sink(null);
        AllocationBridge.object(0, Integer.MAX_VALUE);
        AllocationBridge.sink(sink);
    }

    @AfterEach
    void reset() {
        AllocationBridge.sink(null);
        AllocationBridge.interval(512 * 1024);
    }

    /** Per-site totals of sampled weight, and how many samples each site got. */
    private static final class Totals implements AllocationSink {
        final double[] weight = new double[8];
        final long[] samples = new long[8];
        final AtomicLong intervals = new AtomicLong();

        @Override
        public void sampled(int site, long size, long w, long interval) {
            weight[site] += w;
            samples[site]++;
            intervals.set(interval);
        }
    }

    @Test
    void estimatesAreUnbiasedForSmallMediumAndHugeObjects() {
        Totals t = new Totals();
        flush(t, INTERVAL);
        long[] truth = new long[8];
        // site 1: 24-byte objects; site 2: objects near the interval; site 3: arrays far above it
        for (int round = 0; round < 2_000_000; round++) {
            AllocationBridge.object(1, 24);
            truth[1] += 24;
            if (round % 40 == 0) {
                AllocationBridge.object(2, 4000);
                truth[2] += 4000;
            }
            if (round % 2000 == 0) {
                AllocationBridge.array(200_000, 3, 3);
                truth[3] += (200_000L << 3) + AllocationBridge.arrayBase() + 7 & ~7L;
            }
        }
        for (int site = 1; site <= 3; site++) {
            assertThat(t.weight[site] / truth[site]).as("site %d estimate / truth", site).isCloseTo(1.0, within(0.05));
            assertThat(t.samples[site]).as("site %d samples", site).isGreaterThan(100);
        }
        assertThat(t.intervals.get()).isEqualTo(INTERVAL);
    }

    @Test
    void intervalOneSamplesEveryAllocationAtItsOwnSize() {
        Totals t = new Totals();
        flush(t, 1);
        for (int i = 0; i < 1000; i++) {
            AllocationBridge.object(4, 16);
        }
        assertThat(t.samples[4]).isEqualTo(1000L);
        assertThat(t.weight[4] / t.samples[4]).isCloseTo(17.0, within(0.01)); // interval 1 + size 16 - countdown 0
    }

    @Test
    void aFailingSinkNeverReachesTheAllocationSite() {
        flush((site, size, weight, interval) -> {
            throw new IllegalStateException("sink bug");
        }, 1);
        for (int i = 0; i < 100; i++) {
            AllocationBridge.object(1, 16);
        }
    }

    @Test
    void multiDimensionalArraysCountEveryLevel() {
        Totals t = new Totals();
        flush(t, 1);
        int[][] a = new int[3][5];
        long before = t.samples[6];
        AllocationBridge.multiArray(a, 6, 2);
        long base = AllocationBridge.arrayBase();
        long outer = (3L << 2) + base + 7 & ~7L;  // three references (compressed oops)
        long inner = (5L << 2) + base + 7 & ~7L;  // five ints
        assertThat(t.samples[6]).isEqualTo(before + 1);
        assertThat(t.weight[6] - 1).isEqualTo((double) (outer + 3 * inner));
    }

}
