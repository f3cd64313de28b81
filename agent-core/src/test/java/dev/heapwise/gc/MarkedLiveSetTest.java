package dev.heapwise.gc;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MarkedLiveSetTest {
    private static GcEvent old(long id, Long liveAfter) {
        return new GcEvent(id, "G1 Young Generation", "minor", "pause", "G1 Evacuation Pause", "", 5, 900L, 500L, 400L, liveAfter);
    }

    @Test
    void onePointPerMarkingTheLowestReadingSinceThePrevious() {
        MarkedLiveSet live = new MarkedLiveSet();
        List<long[]> points = new ArrayList<>();
        live.addListener((now, bytes) -> points.add(new long[] {now, bytes}));
        live.onCollection(old(1, 300L));
        live.onCollection(old(2, 200L));
        live.onCollection(old(3, 250L));
        assertThat(live.latestBytes()).as("no marking yet: young collections alone say nothing").isEqualTo(-1L);
        live.onMarking(1000);
        live.onCollection(old(4, 600L));
        live.onMarking(2000);
        assertThat(points).extracting(p -> p[1]).containsExactly(200L, 600L);
        assertThat(live.latestBytes()).isEqualTo(600L);
        assertThat(live.peakBytes()).isEqualTo(600L);
        live.onCollection(old(5, 100L));
        live.onMarking(3000);
        assertThat(live.latestBytes()).isEqualTo(100L);
        assertThat(live.peakBytes()).isEqualTo(600L);
        assertThat(live.points()).isEqualTo(3);
    }

    @Test
    void aMarkingWithoutReadingsGivesNoPoint() {
        MarkedLiveSet live = new MarkedLiveSet();
        live.onCollection(old(1, null));
        live.onCollection(old(2, 0L));
        live.onMarking(1000);
        assertThat(live.points()).isZero();
        assertThat(live.peakBytes()).isNull();
    }
}
