package dev.heapwise.leak;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** heap-growth over scripted markings: the full rule, and the early suspect of a leak racing to the heap's end. */
class HeapGrowthPatternTest {
    private static final long MB = 1L << 20;
    /** The prod defaults: 15 min window, 3 min, 5 points, 99%, 1 MB/min. */
    private static final GrowthRule RULE = new GrowthRule(900_000, 180_000, 5, 0.99, MB, 0);

    /** Markings every 20 s from {@code start} MB, rising {@code perMinute} MB/min with a little noise. */
    private static HeapGrowthPattern marked(long maxHeap, double start, double perMinute, int points) {
        HeapGrowthPattern p = new HeapGrowthPattern(true, RULE, maxHeap);
        for (int i = 0; i < points; i++) {
            double noise = (i % 3 - 1) * 0.5;
            p.onPoint(i * 20_000L, (long) ((start + perMinute * i / 3.0 + noise) * MB), i + 1);
        }
        return p;
    }

    @Test
    void aLeakThatWouldFillTheHeapBeforeTheFullRuleCouldSpeakIsASuspectEarly() {
        // 90 s of markings (under the 3 min the rule asks for), 96 MB/min, 300 MB of a 512 MB heap: full in about 2 min
        HeapGrowthPattern fast = marked(512 * MB, 160, 96, 6);
        List<Finding> found = fast.detect(100_000);
        assertThat(found).hasSize(1);
        assertThat(found.get(0).details()).containsEntry("early", true);
        assertThat(found.get(0).severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void theSameRiseWithRoomLeftWaitsForTheFullRule() {
        // the same 90 s rise in an 8 GB heap: an hour of room, so the standard three minutes are waited for
        assertThat(marked(8192 * MB, 160, 96, 6).detect(100_000)).isEmpty();
        // and after 3 min it is a suspect by the full rule
        List<Finding> later = marked(8192 * MB, 160, 96, 11).detect(200_000);
        assertThat(later).hasSize(1);
        assertThat(later.get(0).details()).containsEntry("early", false);
    }

    @Test
    void aFirstBatchRisingFastInAHeapStillMostlyEmptyWaitsForTheFullRule() {
        // a sawtooth's first batch: 50 -> 450 MB in 80 s of a 1 GB heap; at the pessimistic rate the heap would
        // be full within the early horizon, but a leak that fast would already hold half of it
        assertThat(marked(1024 * MB, 50, 300, 5).detect(90_000)).isEmpty();
        assertThat(marked(1024 * MB, 350, 300, 5).detect(90_000)).as("the same rise from 350 MB").hasSize(1);
    }

    @Test
    void aSmallRiseAgainstTheHeapNeedsTwiceTheMarkings() {
        // a young JVM warming: 2.2 MB/min over five markings a minute apart, 9 MB in a 512 MB heap (under 2%)
        long[] at = {0, 25_000, 104_000, 208_000, 219_000};
        assertThat(markedAt(512 * MB, at, 5.1, 11.8, 13.2, 15.0, 16.2).detect(219_000)).isEmpty();
        // the same rate kept up for ten markings is a suspect, and so is a rise past 2% on five
        assertThat(marked(512 * MB, 5, 2.2, 16).detect(300_000)).hasSize(1);
        assertThat(markedAt(512 * MB, at, 5.1, 13.0, 18.0, 24.0, 26.0).detect(219_000)).hasSize(1);
    }

    private static HeapGrowthPattern markedAt(long maxHeap, long[] at, double... liveMb) {
        HeapGrowthPattern p = new HeapGrowthPattern(true, RULE, maxHeap);
        for (int i = 0; i < liveMb.length; i++) {
            p.onPoint(at[i], (long) (liveMb[i] * MB), i + 1);
        }
        return p;
    }

    @Test
    void tooFewMarkingsAreNeverEnough() {
        assertThat(marked(512 * MB, 300, 200, 4).detect(60_000)).isEmpty();
    }
}
