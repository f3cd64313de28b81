package dev.heapwise.leak;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The old-object sampler started on a heap suspect and stopped after a quiet window, over a real JFR recording. */
class SurvivorsOnSuspectTest {
    private static final long QUIET_MS = 60_000;
    private final SurvivorGrowthPattern pattern = new SurvivorGrowthPattern(null, "idle", () -> 1L << 20,
            new GrowthRule(15 * 60_000, 60_000, 5, 0.9, 1, 0), 1, () -> -1);
    private final AtomicInteger starts = new AtomicInteger();

    private static Finding finding(String pattern) {
        return new Finding(pattern, "heap", "heap", Severity.MEDIUM, 0.99, 1, 1, "bytes", "grows", Map.of(), List.of());
    }

    private SurvivorsOnSuspect onSuspect(Callable<OldObjectSamples> start) {
        return new SurvivorsOnSuspect(() -> {
            starts.incrementAndGet();
            return start.call();
        }, pattern, QUIET_MS, "idle");
    }

    @Test
    void aHeapSuspectStartsTheSamplerOnceAndAQuietWindowStopsIt() {
        try (SurvivorsOnSuspect s = onSuspect(() -> OldObjectSamples.start(Duration.ofMinutes(1), cls -> null, cls -> true, List.of("G1 Young Generation")))) {
            s.afterDetection(List.of(finding(ThreadGrowthPattern.NAME)), 0);
            assertThat(s.running()).as("only the heap patterns' suspects start it").isFalse();
            assertThat(pattern.enabled()).isFalse();

            s.afterDetection(List.of(finding(HeapGrowthPattern.NAME)), 1_000);
            s.afterDetection(List.of(finding(HeapGrowthPattern.NAME)), 31_000);
            assertThat(starts).hasValue(1);
            assertThat(s.running()).isTrue();
            assertThat(pattern.enabled()).isTrue();
            assertThat(pattern.settings()).containsEntry("source", "JFR " + OldObjectSamples.EVENT);

            s.afterDetection(List.of(finding(SurvivorGrowthPattern.NAME)), 61_000); // its own suspect keeps it going
            s.afterDetection(List.of(), 61_000 + QUIET_MS - 1);
            assertThat(s.running()).isTrue();
            s.afterDetection(List.of(), 61_000 + QUIET_MS);
            assertThat(s.running()).isFalse();
            assertThat(pattern.enabled()).isFalse();
            assertThat(pattern.settings()).containsEntry("reason_off", "idle");
        }
    }

    @Test
    void aRefusedStartIsSaidAndNotTriedAgain() {
        try (SurvivorsOnSuspect s = onSuspect(() -> {
            throw new IllegalStateException("generational ZGC keeps them alive");
        })) {
            s.afterDetection(List.of(finding(HeapGrowthPattern.NAME)), 0);
            s.afterDetection(List.of(finding(HeapGrowthPattern.NAME)), 30_000);
            assertThat(starts).hasValue(1);
            assertThat(s.running()).isFalse();
            assertThat((String) pattern.settings().get("reason_off")).contains("generational ZGC keeps them alive");
        }
    }
}
