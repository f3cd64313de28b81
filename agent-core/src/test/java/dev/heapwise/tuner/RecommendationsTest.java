package dev.heapwise.tuner;

import dev.heapwise.vm.HugePages;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RecommendationsTest {
    private static final long MB = 1L << 20;

    private static Evidence evidence(Collector c, Long live, boolean container, Double p99, long idleSpells) {
        return evidence(c, live, container, p99, idleSpells, null);
    }

    private static Evidence evidence(Collector c, Long live, boolean container, Double p99, long idleSpells, HugePages hp) {
        return evidence(c, live, container, p99, idleSpells, hp, 1900 * MB);
    }

    private static Evidence evidence(Collector c, Long live, boolean container, Double p99, long idleSpells, HugePages hp,
                                     long givenBack) {
        return new Evidence(c, 17, 600_000, 120, live, true, 2048 * MB, givenBack, 4096 * MB, container ? 2048 * MB : 16384 * MB,
                container, p99, 200, 0.01, idleSpells, "200", hp);
    }

    @Test
    void hugePagesWhenAGivenBackHeapIsFaultedInAgainAndTheKernelWouldGiveThemOnRequest() {
        HugePages madvise = new HugePages("madvise", false, 812_000L, 7300L);
        assertThat(Recommendations.of(evidence(Collector.G1, 300 * MB, false, 20.0, 2, madvise)))
                .extracting(Recommendation::flag).containsExactly("-Xmx", "-XX:G1PeriodicGCInterval", "-XX:+UseTransparentHugePages");
        Recommendation r = Recommendations.of(evidence(Collector.G1, 300 * MB, false, 20.0, 2, madvise)).get(2);
        assertThat(r.reason()).contains("812000 page faults").contains("7.3 s of system CPU");
        assertThat(r.evidence()).containsEntry("kernel_thp_mode", "madvise");
        // never idle, already asking, the kernel always or never giving them, ZGC: nothing to recommend
        assertThat(Recommendations.of(evidence(Collector.G1, 300 * MB, false, 20.0, 0, madvise)))
                .extracting(Recommendation::flag).doesNotContain("-XX:+UseTransparentHugePages");
        for (HugePages other : List.of(new HugePages("madvise", true, 1L, 1L), new HugePages("always", false, 1L, 1L),
                new HugePages("never", false, 1L, 1L))) {
            assertThat(Recommendations.of(evidence(Collector.G1, 300 * MB, false, 20.0, 2, other)))
                    .extracting(Recommendation::flag).doesNotContain("-XX:+UseTransparentHugePages");
        }
        assertThat(Recommendations.of(evidence(Collector.ZGC, 300 * MB, false, 20.0, 2, madvise)))
                .extracting(Recommendation::flag).doesNotContain("-XX:+UseTransparentHugePages");
        // a heap pinned by -Xms, or Parallel's, is faulted in once and stays: nothing to fault in again
        assertThat(Recommendations.of(evidence(Collector.G1, 300 * MB, false, 20.0, 2, madvise, 100 * MB)))
                .extracting(Recommendation::flag).doesNotContain("-XX:+UseTransparentHugePages");
    }

    @Test
    void heapFromThePeakLiveSetAsXmxOrAsAShareOfTheContainer() {
        List<Recommendation> bare = Recommendations.of(evidence(Collector.G1, 300 * MB, false, 20.0, 0));
        assertThat(bare).singleElement().satisfies(r -> {
            assertThat(r.flag()).isEqualTo("-Xmx");
            assertThat(r.value()).isEqualTo("960m"); // 3 x 300 MB, rounded up to 64 MB
            assertThat(r.current()).isEqualTo("4096m");
            assertThat(r.evidence()).containsEntry("peak_live_set_bytes", 300 * MB);
        });
        List<Recommendation> boxed = Recommendations.of(evidence(Collector.G1, 300 * MB, true, 20.0, 0));
        assertThat(boxed).singleElement().satisfies(r -> {
            assertThat(r.flag()).isEqualTo("-XX:MaxRAMPercentage");
            assertThat(r.value()).isEqualTo("47");
        });
    }

    @Test
    void longPausesPointToZgcAndAPauseTargetIdleSpellsToGivingMemoryBack() {
        List<Recommendation> g1 = Recommendations.of(evidence(Collector.G1, 300 * MB, false, 450.0, 3));
        assertThat(g1).extracting(Recommendation::flag).containsExactly("-Xmx", "-XX:+UseZGC", "-XX:G1PeriodicGCInterval");
        List<Recommendation> parallel = Recommendations.of(evidence(Collector.PARALLEL, 300 * MB, false, 20.0, 2));
        assertThat(parallel).extracting(Recommendation::flag).containsExactly("-Xmx", "-XX:+UseG1GC");
    }

    @Test
    void aSoftMaxHeapSizeIsNeverAtOrAboveTheMaximumHeap() {
        // ZGC, idle twice: twice a 300 MB live set fits under the 4 GB maximum; twice 2.5 GB does not, and a JVM given
        // -XX:SoftMaxHeapSize above -Xmx refuses to start (seen: a 2012m recommendation for -Xmx1500m)
        assertThat(Recommendations.of(evidence(Collector.ZGC, 300 * MB, false, 1.0, 2)))
                .filteredOn(r -> r.flag().equals("-XX:SoftMaxHeapSize")).extracting(Recommendation::value).containsExactly("600m");
        assertThat(Recommendations.of(evidence(Collector.ZGC, 2560 * MB, false, 1.0, 2)))
                .extracting(Recommendation::flag).doesNotContain("-XX:SoftMaxHeapSize");
    }

    @Test
    void noEvidenceNoRecommendation() {
        assertThat(Recommendations.of(evidence(Collector.G1, null, false, null, 0))).isEmpty();
    }
}
