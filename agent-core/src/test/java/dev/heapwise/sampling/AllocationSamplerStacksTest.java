package dev.heapwise.sampling;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AllocationSamplerStacksTest {
    private static final long MS = 1_000_000L;

    /** 200 samples a second of 1000 bytes each for {@code seconds}, on a clock of its own. */
    private static AllocationSampler feed(int stacksPerSecond, int seconds) {
        SiteRegistry sites = new SiteRegistry(16);
        int site = sites.register("a.B", "m", "()V", 0, "B.java", 3, "byte[]", "array");
        AtomicLong clock = new AtomicLong();
        AllocationSampler sampler = new AllocationSampler(sites, 16, 8, 1000, 0, clock::get, () -> -1);
        sampler.limitStacks(stacksPerSecond);
        for (int i = 0; i < seconds * 200; i++) {
            clock.addAndGet(5 * MS);
            sampler.sampled(site, 1000, 1000, 1000);
        }
        return sampler;
    }

    private static double stackBytes(AllocationSampler.Snapshot s) {
        return s.stacks().stream().mapToDouble(AllocationSampler.StackSnapshot::bytes).sum();
    }

    @Test
    void aboveTheCapAShareOfSamplesWalksAndTheStackFiguresStayUnbiased() {
        AllocationSampler.Snapshot s = feed(50, 60).snapshot();
        assertThat(s.totalSamples()).isEqualTo(12_000);
        assertThat(s.stackChance()).isCloseTo(0.25, within(0.01));
        long walked = s.stacks().stream().mapToLong(AllocationSampler.StackSnapshot::samples).sum();
        assertThat(walked).as("about 50 walks a second after the first second").isBetween(2_800L, 3_400L);
        // every sample here comes from the same stack: its estimate must match the total (binomial noise: a few %)
        assertThat(stackBytes(s) / s.totalBytes()).isCloseTo(1.0, within(0.08));
    }

    @Test
    void atOrBelowTheCapOrWithNoCapEverySampleWalks() {
        for (int cap : new int[]{0, 200, 1000}) {
            AllocationSampler.Snapshot s = feed(cap, 5).snapshot();
            assertThat(s.stackChance()).as("cap " + cap).isEqualTo(1.0);
            assertThat(stackBytes(s)).as("cap " + cap).isEqualTo(s.totalBytes());
        }
    }
}
