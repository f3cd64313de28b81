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
        OldGenMarkings m = new OldGenMarkings(List.of("G1 Young Generation", "G1 Old Generation"), null);
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
    void fullCollectionsAndCyclesMarkAndYoungOnesDoNot() {
        OldGenMarkings m = new OldGenMarkings(List.of("PS Scavenge", "PS MarkSweep"), null);
        assertThat(m.onCollection(new GcEvent(1, "PS Scavenge", "minor", "pause", "x", "", 1, 1L, 1L, 0L, 1L), 1)).isFalse();
        assertThat(m.onCollection(new GcEvent(2, "PS MarkSweep", "major", "pause", "x", "", 1, 1L, 1L, 0L, 1L), 2)).isTrue();
        OldGenMarkings z = new OldGenMarkings(List.of("ZGC Major Cycles", "ZGC Major Pauses", "ZGC Minor Cycles", "ZGC Minor Pauses"), null);
        assertThat(z.onCollection(new GcEvent(1, "ZGC Major Pauses", "major", "pause", "x", "", 1, null, null, null, null), 1)).isFalse();
        assertThat(z.onCollection(new GcEvent(2, "ZGC Minor Cycles", "minor", "concurrent", "x", "", 1, 1L, 1L, 0L, 1L), 2)).isFalse();
        assertThat(z.onCollection(new GcEvent(3, "ZGC Major Cycles", "major", "concurrent", "x", "", 1, 1L, 1L, 0L, 1L), 3)).isTrue();
        assertThat(z.markings()).isEqualTo(1);
        assertThat(z.collections()).isEqualTo(2);
    }

    @Test
    void g1sConcurrentCyclesCountOnceAtTheNextCollection() {
        AtomicLong pauses = new AtomicLong(4);
        OldGenMarkings m = new OldGenMarkings(List.of("G1 Young Generation", "G1 Old Generation", "G1 Concurrent GC"), pauses::get);
        assertThat(m.onCollection(event("G1 Young Generation"), 1)).isFalse();
        pauses.addAndGet(1); // remark
        assertThat(m.onCollection(new GcEvent(9, "G1 Concurrent GC", "major", "pause", "No GC", "", 1, 1L, 1L, 0L, 1L), 2)).isFalse();
        pauses.addAndGet(1); // cleanup
        assertThat(m.onCollection(new GcEvent(10, "G1 Concurrent GC", "major", "pause", "No GC", "", 1, 1L, 1L, 0L, 1L), 3)).isFalse();
        assertThat(m.onCollection(event("G1 Young Generation"), 4)).isTrue();
        assertThat(m.onCollection(event("G1 Young Generation"), 5)).isFalse();
        assertThat(m.markings()).isEqualTo(1);
        assertThat(m.source()).contains("counter");
    }

    @Test
    void aYoungCollectionBetweenRemarkAndCleanupDoesNotCountTheCycleTwice() {
        AtomicLong pauses = new AtomicLong(0);
        OldGenMarkings m = new OldGenMarkings(List.of("G1 Young Generation", "G1 Old Generation"), pauses::get);
        for (int cycle = 1; cycle <= 3; cycle++) {
            pauses.addAndGet(1); // remark
            assertThat(m.onCollection(event("G1 Young Generation"), cycle * 10)).as("between remark and cleanup").isFalse();
            pauses.addAndGet(1); // cleanup
            assertThat(m.onCollection(event("G1 Young Generation"), cycle * 10 + 1)).isTrue();
            assertThat(m.onCollection(event("G1 Young Generation"), cycle * 10 + 2)).isFalse();
        }
        assertThat(m.markings()).isEqualTo(3);
        pauses.addAndGet(4); // two whole cycles between two young collections: one marking seen
        assertThat(m.onCollection(event("G1 Young Generation"), 50)).isTrue();
        assertThat(m.markings()).isEqualTo(4);
    }

    @Test
    void pausesInsideACycleDoNotAgeCanaries() {
        OldGenMarkings m = new OldGenMarkings(List.of("ZGC Minor Cycles", "ZGC Minor Pauses"), null);
        m.onCollection(event("ZGC Minor Pauses"), 1);
        m.onCollection(new GcEvent(1, "G1 Concurrent GC", "major", "pause", "No GC", "", 1, 1L, 1L, 0L, 1L), 2);
        assertThat(m.collections()).isZero();
        m.onCollection(event("ZGC Minor Cycles"), 3);
        assertThat(m.collections()).isEqualTo(1);
    }
}
