package dev.heapwise.tuner;

import dev.heapwise.config.ConfigLoader;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** heap-regrow: G1 brought back to its busy size after an idle give-back, and let go in time. */
class GcTunerRegrowTest extends TunerFixture {
    /** A G1 tuner busy again on 150 MB in use after its 2 GB heap was given back to 100 MB: regrow engaged at 90%. */
    private GcTuner regrowEngaged() {
        GcTuner t = tuner("auto", Collector.G1);
        idleGiveBack(t, 2 * GB, 1, 5, 100 * MB);
        script.busy();
        script.used = 150 * MB;
        passes(t, 1);
        assertThat(flags.values).containsEntry("MinHeapFreeRatio", "90");
        return t;
    }

    @Test
    void g1GrowsBackToItsBusySizeInOneStepAfterAnIdleGiveBackAndLetsGoOnceThere() {
        GcTuner t = tuner("auto", Collector.G1);
        idleGiveBack(t, 3 * GB, 2, 6, 80 * MB);
        passes(t, 2); // still idle, the heap given back
        script.busy();
        script.used = 300 * MB;
        List<Decision> regrow = passes(t, 1);
        assertThat(regrow).extracting(Decision::lever).containsExactlyInAnyOrder("g1-periodic-gc", "heap-regrow");
        // 300 MB in use should fill 3 GB: 90% free (the cap)
        assertThat(flags.values).containsEntry("MinHeapFreeRatio", "90").containsEntry("MaxHeapFreeRatio", "90");
        script.committed = 2 * GB; // a remark has grown it, the live set not yet
        assertThat(passes(t, 2)).isEmpty();
        script.committed = 3 * GB;
        script.used = GB;
        List<Decision> back = passes(t, 1);
        assertThat(back).singleElement().satisfies(d -> {
            assertThat(d.lever()).isEqualTo("heap-regrow");
            assertThat(d.action()).isEqualTo("restore");
        });
        assertThat(flags.values).containsEntry("MinHeapFreeRatio", "40").containsEntry("MaxHeapFreeRatio", "70");
        assertThat(passes(t, 12)).isEmpty(); // busy on: nothing more
    }

    @Test
    void aRemarkThatOvershootsTheBusySizeEndsTheRegrowAtOnce() {
        GcTuner t = tuner("auto", Collector.G1);
        idleGiveBack(t, GB, 1, 5, 60 * MB);
        script.busy();
        script.used = 100 * MB;
        passes(t, 1);
        assertThat(flags.values).containsEntry("MinHeapFreeRatio", "90");
        script.used = 150 * MB;
        script.committed = 1500 * MB; // 10 x the heap in use: more than the 1 GB it had when busy
        assertThat(passes(t, 1)).extracting(Decision::lever, Decision::action).containsExactly(tuple("heap-regrow", "restore"));
        assertThat(flags.values).containsEntry("MinHeapFreeRatio", "40");
    }

    @Test
    void noRegrowUnderMemoryPressureOrWhenTheHeapWasNeverGivenBackAndNoneOffG1() {
        GcTuner t = tuner("auto", Collector.G1);
        idleGiveBack(t, 3 * GB, 2, 6, 3 * GB);
        script.busy(); // the heap is still committed: nothing to regrow
        assertThat(passes(t, 2)).extracting(Decision::lever).doesNotContain("heap-regrow");

        script.idleWithUnusedHeap();
        passes(t, 6);
        script.committed = 80 * MB;
        script.busy();
        script.pressure = 0.66; // close to the ladder's first rung: the host needs the small heap
        assertThat(passes(t, 2)).extracting(Decision::lever).doesNotContain("heap-regrow");

        GcTuner serial = Tuning.build(ConfigLoader.load("tuner=auto,idleDelay=15s"), Collector.SERIAL,
                FakeFlags.hotSpotDefaults(), script, collections);
        assertThat(serial.describe().toString()).contains("G1 only (the idle give-back it undoes is G1's)");
    }

    /**
     * A G1 tuner busy again on 80 MB in use after its {@code busyCommitted} heap was given back to 100 MB, at
     * {@code pressure}: two passes, neither of which regrows.
     */
    private GcTuner busyAgainUnderPressure(long busyCommitted, double pressure) {
        GcTuner t = tuner("auto", Collector.G1);
        idleGiveBack(t, busyCommitted, 1, 5, 100 * MB);
        script.busy();
        script.used = 80 * MB;
        script.pressure = pressure;
        assertThat(passes(t, 2)).extracting(Decision::lever).doesNotContain("heap-regrow");
        return t;
    }

    @Test
    void noRegrowThatWouldItselfTakeTheHostOntoTheLadder() {
        // 55% of the 8 GB limit in use, the heap given back from 3 GB to 100 MB: regrowing would add 2.9 GB, 91% in all
        GcTuner t = busyAgainUnderPressure(3 * GB, 0.55);
        script.pressure = 0.2; // room again: 0.2 x 8 GB + 2.9 GB is 56%
        assertThat(passes(t, 1)).extracting(Decision::lever).contains("heap-regrow");
    }

    @Test
    void aBusySpellThatStartsUnderPressureRegrowsOnceThePressureEasesButOnlyWhileTheHeapIsStillSmall() {
        GcTuner t = busyAgainUnderPressure(2 * GB, 0.66);
        script.pressure = 0.3; // a neighbour let go: the chance of this busy spell is still open
        assertThat(passes(t, 1)).extracting(Decision::lever, Decision::action).contains(tuple("heap-regrow", "set"));
        script.pressure = 0.66;
        assertThat(passes(t, 1)).extracting(Decision::lever, Decision::action).containsExactly(tuple("heap-regrow", "restore"));
        script.pressure = 0.3; // one regrow per idle spell: no tug of war with the host
        assertThat(passes(t, 3)).extracting(Decision::lever).doesNotContain("heap-regrow");

        script.idleWithUnusedHeap();
        passes(t, 6);
        script.committed = 100 * MB;
        script.busy();
        script.used = 90 * MB;
        script.committed = 1900 * MB; // the heap grew back on its own (to 93%) before a pass saw it small
        assertThat(passes(t, 1)).extracting(Decision::lever).doesNotContain("heap-regrow");
        script.committed = 300 * MB; // and a later shrink in the same busy spell is the JVM's own doing
        assertThat(passes(t, 2)).extracting(Decision::lever).doesNotContain("heap-regrow");
    }

    @Test
    void aHeapThatG1HasGrownPartWayByTheFirstBusyPassIsStillRegrownFromHowFarItWasGivenBack() {
        GcTuner t = tuner("auto", Collector.G1);
        idleGiveBack(t, 2 * GB, 1, 5, 100 * MB);
        passes(t, 1); // idle on the given-back heap
        script.busy();
        script.used = 500 * MB;
        script.committed = 1200 * MB; // G1's young collections grew it within the first second (seen on JDK 25)
        assertThat(passes(t, 1)).extracting(Decision::lever, Decision::action).contains(tuple("heap-regrow", "set"));
        assertThat(flags.values).containsEntry("MinHeapFreeRatio", "75"); // 500 MB in use fills 2 GB at 75% free
    }

    /**
     * G1 sizes the heap at a remark to the heap in use then: a ratio fitted to the first busy reading
     * would take it past the busy size (to -Xmx on CI) once the live set has grown, so the ratio follows
     * the heap in use down, in steps, and is handed back once the JVM's own ratio would regrow it.
     */
    @Test
    void theRatioFollowsTheHeapInUseDownSoTheRemarkDoesNotOvershootAndIsHandedBackWhenG1sOwnWouldDo() {
        GcTuner t = regrowEngaged();
        script.used = 600 * MB;
        script.committed = 400 * MB;
        List<Decision> lowered = passes(t, 1);
        assertThat(lowered).extracting(Decision::lever, Decision::action).containsExactly(tuple("heap-regrow", "set"));
        assertThat(lowered.get(0).reason()).contains("the heap in use grew to 600.0 MB", "not past it");
        assertThat(flags.values).containsEntry("MinHeapFreeRatio", "70"); // 600 MB in use fills 2 GB at 70% free
        script.used = 650 * MB; // 68%: less than a step, no change
        assertThat(passes(t, 1)).isEmpty();
        script.used = 1300 * MB; // 36%: the JVM's own 40% grows 1300 MB to past 2 GB
        assertThat(passes(t, 1)).extracting(Decision::lever, Decision::action).containsExactly(tuple("heap-regrow", "restore"));
        assertThat(flags.values).containsEntry("MinHeapFreeRatio", "40").containsEntry("MaxHeapFreeRatio", "70");
        assertThat(passes(t, 3)).extracting(Decision::lever).doesNotContain("heap-regrow");
    }

    @Test
    void regrowLetsGoWhenTheApplicationIdlesAgainBeforeTheHeapIsBack() {
        GcTuner t = regrowEngaged();
        script.idleWithUnusedHeap();
        List<Decision> idle = passes(t, 1);
        assertThat(idle).extracting(Decision::lever, Decision::action).contains(tuple("heap-regrow", "restore"));
        assertThat(flags.values).containsEntry("MinHeapFreeRatio", "40").containsEntry("MaxHeapFreeRatio", "70");
    }
}
