package dev.heapwise.leak;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pattern's judgement over readings of old-object samples: the samples, the live set and the
 * markings are driven by the test (what JFR itself reports is {@code OldObjectSamplesTest}'s).
 */
class SurvivorGrowthPatternTest {
    private static final long STEP_MS = 20_000;
    private final List<OldObjectSamples.Sample> alive = new ArrayList<>();
    private final List<Instant> askedBornBefore = new ArrayList<>();
    private long liveSet = 100L << 20;
    private final GrowthRule rule = new GrowthRule(15 * 60_000, 60_000, 5, 0.9, 1, 0);
    private final SurvivorGrowthPattern pattern = new SurvivorGrowthPattern(bornBefore -> {
        askedBornBefore.add(bornBefore);
        return alive.stream().filter(s -> s.allocated().isBefore(bornBefore)).toList();
    }, "off", () -> liveSet, rule, 1, () -> -1);

    private static OldObjectSamples.Sample at(int line, long ms) {
        String site = "a.B.m(B.java:" + line + ")";
        return new OldObjectSamples.Sample(site, "byte[]", Instant.ofEpochMilli(ms), List.of(site, "a.B.main(B.java:1)"));
    }

    /** One marking at each step, then a reading. */
    private void step(int step) throws Exception {
        pattern.onMarking(step * STEP_MS);
        pattern.sample(step * STEP_MS + 1);
    }

    @Test
    void aSiteWhoseShareOfAGrowingLiveSetPilesUpIsALeakNamedByItsSite() throws Exception {
        for (int i = 0; i < 100; i++) {
            alive.add(at(3, -1)); // a steady live set made at start: a sample a megabyte, as the leak's
        }
        for (int step = 0; step < 12; step++) {
            for (int i = 0; i < 4; i++) {
                alive.add(at(7, step * STEP_MS + 10));
            }
            liveSet += 4L << 20;
            step(step);
        }
        List<Finding> found = pattern.detect(11 * STEP_MS + 1);
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.culprit()).isEqualTo("a.B.m(B.java:7) byte[]");
            assertThat(f.details()).containsEntry("site", "a.B.m(B.java:7)").containsKey("live_set_bytes_per_minute");
            assertThat((Long) f.details().get("leak_bytes_per_minute")).isBetween(8L << 20, 16L << 20);
        });
    }

    @Test
    void aLeakWhoseSamplesWerePushedOutOfOneReadingStaysASuspect() throws Exception {
        for (int i = 0; i < 100; i++) {
            alive.add(at(3, -1));
        }
        List<OldObjectSamples.Sample> pushedOut = new ArrayList<>();
        for (int step = 0; step < 14; step++) {
            alive.addAll(pushedOut);
            pushedOut.clear();
            for (int i = 0; i < 4; i++) {
                alive.add(at(7, step * STEP_MS + 10));
            }
            liveSet += 4L << 20;
            if (step == 12) { // a burst of medium-lived objects takes the sampler's slots for one marking
                alive.removeIf(s -> s.location().endsWith(":7)") && pushedOut.add(s));
            }
            step(step);
            if (step >= 11) {
                assertThat(pattern.detect(step * STEP_MS + 1)).as("step " + step).extracting(Finding::culprit)
                        .containsExactly("a.B.m(B.java:7) byte[]");
            }
        }
    }

    @Test
    void onlySamplesMadeBeforeThePreviousMarkingCount() throws Exception {
        step(0);
        assertThat(askedBornBefore).as("one marking proves nothing yet").isEmpty();
        step(1);
        assertThat(askedBornBefore).containsExactly(Instant.ofEpochMilli(0));
        pattern.sample(STEP_MS + 5_000);
        assertThat(askedBornBefore).as("no new marking, no new reading").hasSize(1);
    }

    @Test
    void aSteadyLiveSetRenewedAtAnotherSiteIsNoLeak() throws Exception {
        for (int i = 0; i < 100; i++) {
            alive.add(at(1, -1));
        }
        for (int step = 0; step < 12; step++) {
            alive.subList(0, Math.min(8, alive.size())).removeIf(s -> s.location().endsWith(":1)"));
            for (int i = 0; i < 8; i++) {
                alive.add(at(2, step * STEP_MS + 10));
            }
            step(step);
        }
        assertThat(pattern.detect(11 * STEP_MS + 1)).as("the live set stays flat: it only moves from line 1 to line 2").isEmpty();
    }

    /**
     * A cache filled over 12 markings (4 MB a marking, a sample a megabyte), then full: steps until the
     * suspect is gone once the live set stops growing, and -1 if it never was one.
     */
    private int markingsUntilClearedAfterFill(int fillSteps, int plateauSteps) throws Exception {
        for (int i = 0; i < 100; i++) {
            alive.add(at(3, -1));
        }
        boolean suspected = false;
        for (int step = 0; step < fillSteps + plateauSteps; step++) {
            if (step < fillSteps) {
                for (int i = 0; i < 4; i++) {
                    alive.add(at(7, step * STEP_MS + 10));
                }
                liveSet += 4L << 20;
            }
            step(step);
            boolean now = !pattern.detect(step * STEP_MS + 1).isEmpty();
            suspected |= now;
            if (step >= fillSteps && suspected && !now) {
                return step - fillSteps + 1;
            }
        }
        return suspected ? Integer.MAX_VALUE : -1;
    }

    @Test
    void aCacheThatStoppedFillingIsNoSuspectAMarkingOrTwoLater() throws Exception {
        // while it fills it is a leak as far as anyone can tell; once full, the live set no longer grows
        assertThat(markingsUntilClearedAfterFill(12, 30)).isBetween(1, 3);
    }

    @Test
    void aLongLivedPopulationWhoseShareOfTheSamplesClimbsBesideAFilledCacheIsNoSuspect() throws Exception {
        // the JVM's sampler keeps what never dies: a long-lived population's share of the samples (line 4) climbs
        // about a megabyte a minute while a cache fills and then stays full, and the marked live set still creeps
        // up after (under G1 it lags the heap). Judged while the filling still makes most of the window, as in
        // the probe (live set 35 MB/min over the window, the site 0.8 MB/min)
        for (int i = 0; i < 100; i++) {
            alive.add(at(3, -1)); // the rest of a 100 MB live set, a sample a megabyte
        }
        for (int i = 0; i < 8; i++) {
            alive.add(at(4, -1));
        }
        for (int step = 0; step < 20; step++) {
            if (step < 13) {
                for (int i = 0; i < 10; i++) {
                    alive.add(at(5, step * STEP_MS + 10));
                }
                liveSet += 10L << 20;
            } else {
                liveSet += 1L << 20;
            }
            if (step % 3 == 0) { // a sample every third marking: a megabyte a minute
                alive.add(at(4, step * STEP_MS + 10));
            }
            step(step);
        }
        assertThat(pattern.detect(19 * STEP_MS + 1)).isEmpty();
    }

    @Test
    void aSiteOfAFewSamplesIsNoSuspectUntilItHoldsEnoughToBeMoreThanNoise() throws Exception {
        for (int i = 0; i < 100; i++) {
            alive.add(at(3, -1)); // a sample a megabyte, as the leak's
        }
        int step = 0;
        for (; step < 8; step++) { // a clean rise, on up to 6 samples: fewer than noise allows
            alive.add(at(7, step * STEP_MS + 10));
            liveSet += 1L << 20;
            step(step);
        }
        assertThat(pattern.detect((step - 1) * STEP_MS + 1)).isEmpty();
        for (; step < 12; step++) {
            alive.add(at(7, step * STEP_MS + 10));
            liveSet += 1L << 20;
            step(step);
        }
        assertThat(pattern.detect((step - 1) * STEP_MS + 1)).extracting(Finding::culprit).containsExactly("a.B.m(B.java:7) byte[]");
    }

    @Test
    void aLeakBesideACacheThatFilledEarlierInTheWindowIsStillALeak() throws Exception {
        for (int i = 0; i < 100; i++) {
            alive.add(at(3, -1));
        }
        for (int step = 0; step < 24; step++) {
            if (step < 8) { // the cache: 20 MB a marking, then full
                for (int i = 0; i < 20; i++) {
                    alive.add(at(5, step * STEP_MS + 10));
                }
                liveSet += 20L << 20;
            }
            alive.add(at(9, step * STEP_MS + 10)); // the leak: 1 MB a marking throughout
            liveSet += 1L << 20;
            step(step);
        }
        assertThat(pattern.detect(23 * STEP_MS + 1)).extracting(Finding::culprit).containsExactly("a.B.m(B.java:9) byte[]");
    }
}
