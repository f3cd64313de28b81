package dev.heapwise.sampling;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AllocationSamplerSurvivorsTest {
    @Test
    void objectsFromTheSkipSizeUpAreSampledButNotWatched() {
        SiteRegistry sites = new SiteRegistry(16);
        int site = sites.register("a.B", "m", "()V", 0, "B.java", 3, "byte[]", "array");
        AllocationSampler sampler = new AllocationSampler(sites, 16, 0, 1, 0, System::nanoTime, () -> -1);
        SurvivorTable table = new SurvivorTable(64, () -> 0, () -> 0);
        sampler.watchSurvivors(table);
        sampler.skipSurvivorsFrom(512 * 1024); // half a 1 MB G1 region: humongous from there

        byte[] small = new byte[1000];
        byte[] humongous = new byte[1_000_000];
        sampler.sampled(small, site, small.length + 16, small.length + 16, 1);
        sampler.sampled(humongous, site, humongous.length + 16, humongous.length + 16, 1);

        assertThat(table.stats().added()).isEqualTo(1);
        assertThat(sampler.snapshot().totalSamples()).as("both are still allocation samples").isEqualTo(2);
    }
}
