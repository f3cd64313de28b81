package dev.heapwise.gc;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Real collections (System.gc() marks the whole heap under every collector the tests run with). */
class OldGenMarkingsTest {
    private static GcEvent event(String collector) {
        return new GcEvent(1, collector, "minor", "pause", "test", "", 1, 100L, 50L, 50L, 40L);
    }

    @Test
    void aMarkingIsSeenOnlyOnceACanaryHasAgedPastAnyTenuringThreshold() {
        OldGenMarkings m = new OldGenMarkings(List.of("G1 Young Generation", "G1 Old Generation"));
        AtomicLong heard = new AtomicLong();
        m.addListener(heard::set);
        int firstMarking = -1;
        for (int i = 1; i <= OldGenMarkings.GENERATIONAL_HOLD + 5; i++) {
            System.gc();
            if (m.onCollection(event("G1 Young Generation"), i) && firstMarking < 0) {
                firstMarking = i;
            }
        }
        // the first canary (made at collection 1) is released GENERATIONAL_HOLD collections later; the next one clears it
        assertThat(firstMarking).isEqualTo(OldGenMarkings.GENERATIONAL_HOLD + 2);
        assertThat(m.markings()).isGreaterThanOrEqualTo(4);
        assertThat(heard.get()).isEqualTo(m.markings());
        assertThat(m.collections()).isEqualTo(OldGenMarkings.GENERATIONAL_HOLD + 5);
    }

    @Test
    void singleGenerationCollectorsAreTold() {
        assertThat(OldGenMarkings.singleGeneration(List.of("ZGC Cycles", "ZGC Pauses"))).isTrue();
        assertThat(OldGenMarkings.singleGeneration(List.of("Shenandoah Cycles", "Shenandoah Pauses"))).isTrue();
        assertThat(OldGenMarkings.singleGeneration(List.of("ZGC Minor Cycles", "ZGC Minor Pauses", "ZGC Major Cycles",
                "ZGC Major Pauses"))).isFalse();
        assertThat(OldGenMarkings.singleGeneration(List.of("G1 Young Generation", "G1 Old Generation"))).isFalse();
        assertThat(OldGenMarkings.singleGeneration(List.of("PS Scavenge", "PS MarkSweep"))).isFalse();
        assertThat(OldGenMarkings.singleGeneration(List.of("Copy", "MarkSweepCompact"))).isFalse();
    }

    @Test
    void pausesInsideACycleDoNotAgeCanaries() {
        OldGenMarkings m = new OldGenMarkings(List.of("ZGC Minor Cycles", "ZGC Minor Pauses"));
        m.onCollection(event("ZGC Minor Pauses"), 1);
        m.onCollection(event("G1 Concurrent GC"), 2);
        assertThat(m.collections()).isZero();
        m.onCollection(event("ZGC Minor Cycles"), 3);
        assertThat(m.collections()).isEqualTo(1);
    }
}
