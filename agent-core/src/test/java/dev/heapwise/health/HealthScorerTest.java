package dev.heapwise.health;

import dev.heapwise.gc.GcEvent;
import dev.heapwise.gc.PauseWindow;
import dev.heapwise.leak.Finding;
import dev.heapwise.leak.Severity;
import dev.heapwise.profile.MemoryProfile;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HealthScorerTest {
    private static final long MB = 1 << 20;
    private final HealthScorer scorer = new HealthScorer(200);

    private static MemoryProfile profile(long maxHeap, Double pauseShare) {
        return new MemoryProfile("t", 1000, new MemoryProfile.Heap(10 * MB, 100 * MB, maxHeap, null),
                new MemoryProfile.NonHeap(1, 1), List.of(), List.of(), new MemoryProfile.Threads(1, 1, 1, 1),
                new MemoryProfile.Classes(1, 0, 1), MemoryProfile.ProcessMemory.unavailable(),
                MemoryProfile.FileDescriptors.UNKNOWN, null,
                new MemoryProfile.Allocation(false, null, null, null, null, null),
                new MemoryProfile.GcActivity(0, 0, 0, 0, null, pauseShare, 0.0));
    }

    private static GcEvent gc(long afterBytes) {
        return new GcEvent(1, "G1 Young Generation", "minor", "pause", "x", "t", 5, afterBytes + MB, afterBytes, MB, afterBytes);
    }

    private static PauseWindow.Stats pauses(Double p99) {
        return new PauseWindow.Stats(300_000, p99 == null ? 0 : 10, 10, p99, p99, p99, p99);
    }

    @Test
    void aQuietJvmIsHealthy() {
        HealthReport r = scorer.evaluate("now", profile(1000 * MB, 0.001), List.of(gc(100 * MB)), pauses(5.0));
        assertThat(r.score()).isEqualTo(100);
        assertThat(r.status()).isEqualTo("healthy");
        assertThat(r.components()).extracting(HealthReport.Component::name)
                .containsExactly("heap_after_gc", "gc_time_share", "pause_p99", "leak_suspects", "thread_growth",
                        "direct_memory_growth", "metaspace_growth", "native_memory_growth", "file_descriptor_growth", "footprint_waste");
    }

    private static Finding finding(String pattern, Severity severity) {
        return new Finding(pattern, "culprit", "kind", severity, 0.999, 1, 1, "bytes", pattern + " summary", Map.of(), List.of());
    }

    @Test
    void leakSuspectsAndWasteComeFromTheLeakDetectorsFindings() {
        HealthReport r = scorer.evaluate("now", profile(1000 * MB, 0.001), List.of(gc(100 * MB)), pauses(5.0),
                List.of(finding("heap-growth", Severity.CRITICAL), finding("thread-growth", Severity.MEDIUM),
                        finding("idle-heap", Severity.INFO)));
        assertThat(r.status()).isEqualTo("critical");
        assertThat(component(r, "leak_suspects").score()).isEqualTo(10);
        assertThat(component(r, "leak_suspects").reason()).contains("heap-growth summary");
        assertThat(component(r, "thread_growth").score()).isEqualTo(65);
        assertThat(component(r, "direct_memory_growth").score()).isEqualTo(100);
        assertThat(component(r, "footprint_waste").score()).isEqualTo(75);
        assertThat(component(r, "footprint_waste").recommendation()).contains("tuner");

        HealthReport quiet = scorer.evaluate("now", profile(1000 * MB, 0.001), List.of(gc(100 * MB)), pauses(5.0), List.of());
        assertThat(quiet.score()).isEqualTo(100);
    }

    @Test
    void oneSuspectedLeakAmongGoodFiguresIsNotHealthyButIdleWasteAloneIs() {
        HealthReport threads = scorer.evaluate("now", profile(1000 * MB, 0.001), List.of(gc(100 * MB)), pauses(5.0),
                List.of(finding("thread-growth", Severity.MEDIUM)));
        assertThat(threads.score()).as("the mean of eight good figures and one degraded").isGreaterThanOrEqualTo(80);
        assertThat(threads.status()).isEqualTo("degraded");

        HealthReport idle = scorer.evaluate("now", profile(1000 * MB, 0.001), List.of(gc(100 * MB)), pauses(5.0),
                List.of(finding("idle-heap", Severity.INFO)));
        assertThat(idle.status()).as("wasteful, not unhealthy").isEqualTo("healthy");
    }

    private static HealthReport.Component component(HealthReport r, String name) {
        return r.components().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aFullHeapIsCriticalWhateverElseIsGood() {
        HealthReport r = scorer.evaluate("now", profile(1000 * MB, 0.001), List.of(gc(970 * MB)), pauses(5.0));
        assertThat(r.status()).isEqualTo("critical");
        HealthReport.Component heap = r.components().get(0);
        assertThat(heap.status()).isEqualTo("critical");
        assertThat(heap.value()).isEqualTo(0.97);
        assertThat(heap.reason()).contains("970.0 MB").contains("97.0%");
        assertThat(heap.recommendation()).isNotEqualTo("none");
    }

    @Test
    void theSmallestRecentHeapAfterGcIsTheLiveSet() {
        HealthReport r = scorer.evaluate("now", profile(1000 * MB, 0.0),
                List.of(gc(300 * MB), gc(900 * MB)), pauses(null));
        assertThat(r.components().get(0).value()).isEqualTo(0.3);
    }

    @Test
    void gcTimeAndLongPausesDegrade() {
        HealthReport r = scorer.evaluate("now", profile(1000 * MB, 0.12), List.of(), pauses(500.0));
        assertThat(r.components().get(1).status()).isEqualTo("degraded");
        assertThat(r.components().get(2).score()).isBetween(20, 60);
        assertThat(r.status()).isNotEqualTo("healthy");
    }

    @Test
    void noDataYetIsNotAProblem() {
        HealthReport r = scorer.evaluate("now", profile(1000 * MB, null), List.of(), pauses(null));
        assertThat(r.score()).isEqualTo(100);
        assertThat(r.components().get(0).reason()).contains("no collection");
    }

    @Test
    void curveInterpolates() {
        ScoreCurve c = new ScoreCurve(0, 100, 10, 0);
        assertThat(c.score(-1)).isEqualTo(100);
        assertThat(c.score(5)).isEqualTo(50);
        assertThat(c.score(20)).isZero();
    }
}
