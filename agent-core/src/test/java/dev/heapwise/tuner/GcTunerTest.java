package dev.heapwise.tuner;

import dev.heapwise.config.ConfigLoader;
import dev.heapwise.profile.HostMemory;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The tuner's decisions against scripted readings, five seconds apart, and flags in a map. */
class GcTunerTest {
    private static final long MB = 1L << 20;
    private static final long GB = 1L << 30;

    /** The next reading: change the fields, then run a pass. */
    static final class Script implements Supplier<TunerReading> {
        long nanos;
        long used = 900 * MB;
        long committed = GB;
        Long live = 800 * MB;
        double allocationRate = 200 * MB;
        double cpu = 0.5;
        double gcShare = 0.01;
        double pressure = 0.3;
        /** The share of the limit other processes hold; null: this process's RSS is its heap plus 100 MB. */
        Double othersShare;
        String source = "test cgroup";
        /** Anonymous memory of the cgroup's other processes; null: the cgroup's figure is unknown. */
        Long neighboursAnon;

        Script busy() {
            allocationRate = 200 * MB;
            cpu = 0.5;
            used = 900 * MB;
            return this;
        }

        Script idleWithUnusedHeap() {
            allocationRate = 10_000;
            cpu = 0.01;
            used = 60 * MB;
            live = 50 * MB;
            return this;
        }

        @Override
        public TunerReading get() {
            nanos += 5_000_000_000L;
            long limit = 8 * GB;
            long rss = othersShare == null ? committed + 100 * MB : (long) ((pressure - othersShare) * limit);
            return new TunerReading(nanos, used, committed, 4 * GB, live, rss,
                    new HostMemory.Reading(limit, (long) (pressure * limit), source, neighboursAnon == null ? null : rss + neighboursAnon),
                    allocationRate, cpu, gcShare, 5.0, null, rss);
        }
    }

    static final class Collections implements GcTuner.HeapCollection {
        final List<Long> runs = new ArrayList<>();
        final Script script;

        Collections(Script script) {
            this.script = script;
        }

        @Override
        public Outcome collect(String reason) {
            runs.add(script.nanos);
            Map<String, Object> before = new LinkedHashMap<>();
            before.put("heap_committed_bytes", script.committed);
            return new Outcome(before, Map.of("heap_committed_bytes", 100 * MB), 12);
        }
    }

    private final Script script = new Script();
    private final Collections collections = new Collections(script);
    private final FakeFlags flags = FakeFlags.hotSpotDefaults();

    private GcTuner tuner(String mode, Collector collector) {
        return Tuning.build(ConfigLoader.load("tuner=" + mode + ",idleDelay=15s,idleGcInterval=5s,tunerHold=60s"),
                collector, flags, script, collections);
    }

    /** A G1 tuner of its own reading {@code s}: three busy passes, then the decisions of the first idle one. */
    private static List<Decision> firstIdlePass(Script s) {
        GcTuner t = Tuning.build(ConfigLoader.load("tuner=auto,idleDelay=15s,idleGcInterval=5s,tunerHold=60s"),
                Collector.G1, FakeFlags.hotSpotDefaults(), s, new Collections(s));
        passes(t, 3);
        s.idleWithUnusedHeap();
        return passes(t, 1);
    }

    private static List<Decision> passes(GcTuner t, int n) {
        List<Decision> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.addAll(t.pass());
        }
        return all;
    }

    @Test
    void g1IdleSpellGetsPeriodicCollectionsAndLosesThemWhenBusyAgain() {
        GcTuner t = tuner("auto", Collector.G1);
        assertThat(passes(t, 3)).isEmpty();
        script.idleWithUnusedHeap();
        // the first idle pass starts the spell; 15 s later (3 passes) the interval is set, once
        List<Decision> idle = passes(t, 4);
        assertThat(idle).extracting(Decision::lever).containsExactly("g1-periodic-gc");
        assertThat(idle.get(0).applied()).isTrue();
        assertThat(idle.get(0).before()).containsEntry("G1PeriodicGCInterval", "0");
        assertThat(flags.values).containsEntry("G1PeriodicGCInterval", "5000");
        script.busy();
        List<Decision> busy = passes(t, 2);
        assertThat(busy).extracting(Decision::action).containsExactly("restore");
        assertThat(flags.values).containsEntry("G1PeriodicGCInterval", "0");
        assertThat(collections.runs).isEmpty();
    }

    /**
     * A container shared with other processes: from the ladder's first rung an idle JVM gives back at once, since a
     * neighbour's burst can take the limit from 70% to 100% within one tuning interval. Alone at the same
     * pressure, it waits for idleDelay.
     */
    @Test
    void whereOtherProcessesHoldAQuarterOfTheLimitSeventyPercentIsUrgent() {
        script.pressure = 0.75;
        script.othersShare = 0.40;
        List<Decision> idle = firstIdlePass(script);
        assertThat(idle).extracting(Decision::lever).contains("g1-periodic-gc", "idle-collection");
        assertThat(idle.get(0).reason()).contains("held by other processes", "not waiting for idleDelay");

        Script alone = new Script();
        alone.pressure = 0.75;
        alone.othersShare = 0.05;
        assertThat(firstIdlePass(alone)).extracting(Decision::lever).doesNotContain("g1-periodic-gc", "idle-collection");
    }

    /**
     * A memory cgroup half full whose other processes hold anonymous memory (other services): an idle JVM gives back
     * at once, since they may burst next. Alone in its cgroup (a shell's megabyte beside it), it waits for idleDelay.
     */
    @Test
    void inAHalfFullCgroupSharedWithOtherServicesAnIdleJvmGivesBackAtOnce() {
        script.source = "cgroup v2 /shared";
        script.pressure = 0.55;
        script.neighboursAnon = 110 * MB;
        List<Decision> idle = firstIdlePass(script);
        assertThat(idle).extracting(Decision::lever).contains("g1-periodic-gc", "idle-collection");
        assertThat(idle.get(0).reason()).contains("other processes holding 110.0 MB", "not waiting for idleDelay");

        Script alone = new Script();
        alone.source = "cgroup v2 /alone";
        alone.pressure = 0.55;
        alone.neighboursAnon = MB;
        assertThat(firstIdlePass(alone)).extracting(Decision::lever).doesNotContain("g1-periodic-gc", "idle-collection");
    }

    /** -Xms equal to -Xmx: no collector gives any of the heap back, so every lever says so and none acts. */
    @Test
    void aHeapPinnedAtItsMaximumIsSaidSoAndLeftAlone() {
        flags.values.put("MinHeapSize", String.valueOf(4 * GB));
        flags.values.put("MaxHeapSize", String.valueOf(4 * GB));
        script.pressure = 0.90;
        GcTuner t = tuner("auto", Collector.G1);
        passes(t, 3);
        script.idleWithUnusedHeap();
        assertThat(passes(t, 6)).extracting(Decision::lever).doesNotContain("g1-periodic-gc", "idle-collection", "heap-regrow");
        assertThat(collections.runs).isEmpty();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> levers = (List<Map<String, Object>>) t.describe().get("levers");
        // every lever that only gives back names the floor (one the collector rules out keeps that reason); the
        // ladder, which also holds back growth, still applies: here at 90% it keeps 5/10
        assertThat(levers).filteredOn(l -> !l.get("name").equals("soft-max-heap") && !l.get("name").equals("heap-free-ratio"))
                .allSatisfy(l -> assertThat((String) l.get("why_not")).contains("floor", "start without -Xms"));
        assertThat(levers).filteredOn(l -> l.get("name").equals("heap-free-ratio")).extracting(l -> l.get("applies")).containsExactly(true);
    }

    /** Bursty services sharing one container: near its limit, an idle JVM gives back at once. */
    @Test
    void underUrgentPressureAnIdleJvmGivesBackAtItsFirstIdleReadingButABusyOneDoesNot() {
        script.pressure = 0.90;
        GcTuner g1 = tuner("auto", Collector.G1);
        assertThat(passes(g1, 3)).extracting(Decision::lever).containsOnly("heap-free-ratio");
        assertThat(flags.values).as("busy: not given back").containsEntry("G1PeriodicGCInterval", "0");
        script.idleWithUnusedHeap();
        List<Decision> idle = passes(g1, 1);
        // and a full collection at once, not after the periodic collections' turn: between a marking and its
        // mixed collections G1 runs them as young collections, which never shrink the heap
        assertThat(idle).extracting(Decision::lever).containsExactlyInAnyOrder("g1-periodic-gc", "idle-collection");
        assertThat(idle).allSatisfy(d -> assertThat(d.reason()).contains("under memory pressure (90", "not waiting for idleDelay"));
        assertThat(flags.values).containsEntry("G1PeriodicGCInterval", "5000");
        assertThat(collections.runs).hasSize(1);

        // Serial has no periodic collections: its one full collection comes at the first idle reading
        Script serialScript = new Script();
        serialScript.pressure = 0.90;
        Collections serialRuns = new Collections(serialScript);
        GcTuner serial = Tuning.build(ConfigLoader.load("tuner=auto,idleDelay=15s,idleGcInterval=5s,tunerHold=60s"),
                Collector.SERIAL, FakeFlags.hotSpotDefaults(), serialScript, serialRuns);
        passes(serial, 2);
        serialScript.idleWithUnusedHeap();
        assertThat(passes(serial, 1)).extracting(Decision::lever).contains("idle-collection");
        assertThat(serialRuns.runs).hasSize(1);
    }

    @Test
    void g1FallsBackToOneFullCollectionWhenThePeriodicOnesDidNotShrinkTheHeap() {
        GcTuner t = tuner("auto", Collector.G1);
        passes(t, 1);
        script.idleWithUnusedHeap();
        // idle 15 s, then 2 x 5 s of periodic collections and 10 s more: the full collection comes at about 35 s
        List<Decision> all = passes(t, 12);
        assertThat(all).extracting(Decision::lever).containsExactly("g1-periodic-gc", "idle-collection");
        assertThat(collections.runs).hasSize(1);
    }

    @Test
    void theApiIsAnsweredWhileAnIdleCollectionRuns() throws Exception {
        CountDownLatch inCollection = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        GcTuner.HeapCollection slow = reason -> {
            inCollection.countDown();
            try {
                release.await(10, TimeUnit.SECONDS); // a full collection, then RSS settling: seconds
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new GcTuner.HeapCollection.Outcome(Map.of(), Map.of("heap_committed_bytes", 100 * MB), 1500);
        };
        GcTuner t = Tuning.build(ConfigLoader.load("tuner=auto,idleDelay=15s,idleGcInterval=5s"), Collector.SERIAL,
                flags, script, slow);
        passes(t, 1);
        script.idleWithUnusedHeap();
        CompletableFuture<List<Decision>> passing = CompletableFuture.supplyAsync(() -> passes(t, 6));
        assertThat(inCollection.await(10, TimeUnit.SECONDS)).isTrue();
        // the monitor is free: what the API reads and the mode switch answer at once
        Map<String, Object> state = CompletableFuture.supplyAsync(t::describe).get(2, TimeUnit.SECONDS);
        assertThat(state).containsEntry("mode", "auto");
        assertThat(CompletableFuture.supplyAsync(t::evidence).get(2, TimeUnit.SECONDS)).isNotNull();
        release.countDown();
        assertThat(passing.get(10, TimeUnit.SECONDS)).extracting(Decision::lever, Decision::applied)
                .contains(tuple("idle-collection", true));
    }

    @Test
    void oneCompactionAnIdleSpellNoMoreOftenThanTheIntervalAndNoneUnderParallel() {
        GcTuner serial = tuner("auto", Collector.SERIAL);
        passes(serial, 1);
        script.idleWithUnusedHeap();
        passes(serial, 20);
        assertThat(collections.runs).hasSize(1);
        script.busy();
        passes(serial, 2);
        script.idleWithUnusedHeap(); // a new idle spell within compactionInterval (5 min): no second one yet
        passes(serial, 20);
        assertThat(collections.runs).hasSize(1);
        script.busy();
        passes(serial, 30);
        script.idleWithUnusedHeap();
        passes(serial, 5);
        assertThat(collections.runs).hasSize(2);

        collections.runs.clear();
        GcTuner parallel = tuner("auto", Collector.PARALLEL);
        passes(parallel, 20);
        assertThat(collections.runs).isEmpty();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> levers = (List<Map<String, Object>>) parallel.describe().get("levers");
        assertThat(levers).allSatisfy(l -> {
            assertThat(l.get("applies")).isEqualTo(false);
            assertThat((String) l.get("why_not")).isNotBlank();
        });
    }

    @Test
    void noStopTheWorldCompactionOfALargeLiveSetButZgcCyclesAreConcurrent() {
        script.committed = 8 * GB;
        GcTuner serial = tuner("auto", Collector.SERIAL);
        passes(serial, 1);
        script.idleWithUnusedHeap();
        script.live = 2 * GB; // above compactionMaxLiveSet (1 GB)
        script.used = 2 * GB + 100 * MB;
        passes(serial, 10);
        assertThat(collections.runs).isEmpty();
        GcTuner zgc = tuner("auto", Collector.ZGC);
        passes(zgc, 10);
        assertThat(collections.runs).hasSize(1);
    }

    @Test
    void adviseRecordsOnceAndChangesNothing() {
        GcTuner t = tuner("advise", Collector.G1);
        passes(t, 1);
        script.idleWithUnusedHeap();
        List<Decision> all = passes(t, 6);
        assertThat(all).extracting(Decision::lever).containsExactly("g1-periodic-gc");
        assertThat(all.get(0).applied()).isFalse();
        assertThat(all.get(0).mode()).isEqualTo("advise");
        assertThat(flags.writes).isZero();
        assertThat(collections.runs).isEmpty();
    }

    @Test
    void pressureLadderClimbsAtOnceAndComesDownOnlyAfterTheHoldWithoutFlapping() {
        GcTuner t = tuner("auto", Collector.G1);
        script.pressure = 0.72;
        List<Decision> up = passes(t, 2);
        assertThat(up).hasSize(1);
        assertThat(flags.values).containsEntry("MinHeapFreeRatio", "20").containsEntry("MaxHeapFreeRatio", "40");
        // hovering around the threshold: no change
        script.pressure = 0.68;
        assertThat(passes(t, 4)).isEmpty();
        script.pressure = 0.86;
        assertThat(passes(t, 1)).isEmpty(); // within the hold
        passes(t, 8);
        assertThat(flags.values).containsEntry("MinHeapFreeRatio", "10").containsEntry("MaxHeapFreeRatio", "20");
        script.pressure = 0.97; // the last rung is never held
        assertThat(passes(t, 1)).hasSize(1);
        assertThat(flags.values).containsEntry("MinHeapFreeRatio", "5").containsEntry("MaxHeapFreeRatio", "10");
        script.pressure = 0.30;
        passes(t, 13);
        assertThat(flags.values).containsEntry("MinHeapFreeRatio", "40").containsEntry("MaxHeapFreeRatio", "70");
    }

    @Test
    void atSteadyStateTheTunerChangesNothing() {
        GcTuner t = tuner("auto", Collector.G1);
        script.pressure = 0.5;
        assertThat(passes(t, 120)).isEmpty(); // ten minutes of a steady, busy application
        assertThat(flags.writes).isZero();
    }

    @Test
    void leavingAutoAndShutdownPutEveryFlagBack() {
        GcTuner t = tuner("auto", Collector.G1);
        script.pressure = 0.9;
        passes(t, 1);
        script.idleWithUnusedHeap();
        passes(t, 5);
        assertThat(flags.values).containsEntry("G1PeriodicGCInterval", "5000").containsEntry("MaxHeapFreeRatio", "20");
        List<Decision> restored = t.setMode(TunerMode.ADVISE, "test");
        assertThat(restored).singleElement().satisfies(d -> assertThat(d.action()).isEqualTo("restore"));
        assertThat(flags.values).containsEntry("G1PeriodicGCInterval", "0").containsEntry("MinHeapFreeRatio", "40")
                .containsEntry("MaxHeapFreeRatio", "70");

        t.setMode(TunerMode.AUTO, "test");
        passes(t, 5);
        assertThat(flags.values).containsEntry("G1PeriodicGCInterval", "5000");
        t.restoreAll("shutdown");
        assertThat(flags.values).containsEntry("G1PeriodicGCInterval", "0").containsEntry("MaxHeapFreeRatio", "70");
    }

    @Test
    void aLeverTheJvmRefusesIsSwitchedOffWithItsReason() {
        flags.readOnly.add("MinHeapFreeRatio");
        GcTuner t = tuner("auto", Collector.G1);
        script.pressure = 0.9;
        List<Decision> first = passes(t, 3);
        assertThat(first).singleElement().satisfies(d -> {
            assertThat(d.applied()).isFalse();
            assertThat(d.error()).contains("MinHeapFreeRatio");
        });
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> levers = (List<Map<String, Object>>) t.describe().get("levers");
        assertThat(levers).filteredOn(l -> l.get("name").equals("heap-free-ratio"))
                .singleElement().satisfies(l -> assertThat((String) l.get("why_not")).contains("refused"));
    }

    @Test
    void zgcSoftMaxFollowsTheLiveSetWhileIdleNeverBelowTwiceIt() {
        GcTuner t = tuner("auto", Collector.ZGC);
        passes(t, 1);
        script.idleWithUnusedHeap();
        passes(t, 5);
        assertThat(Long.parseLong(flags.values.get("SoftMaxHeapSize"))).isEqualTo(114 * MB); // 50 MB live + 64 MB
        script.live = 300 * MB; // the live set grows while the lever is engaged: room comes back at once
        script.used = 310 * MB;
        passes(t, 1);
        assertThat(Long.parseLong(flags.values.get("SoftMaxHeapSize"))).isEqualTo(600 * MB);
        script.busy();
        passes(t, 1);
        assertThat(flags.values).containsEntry("SoftMaxHeapSize", String.valueOf(4L << 30));
        assertThat(collections.runs).hasSize(1); // one ZGC cycle in the idle spell
    }

    /** Busy on {@code busyCommitted}, then idle long enough for the give-back levers, ending on {@code givenBack}. */
    private void idleGiveBack(GcTuner t, long busyCommitted, int busyPasses, int idlePasses, long givenBack) {
        script.committed = busyCommitted;
        passes(t, busyPasses);
        script.idleWithUnusedHeap();
        passes(t, idlePasses);
        script.committed = givenBack;
    }

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

    @Test
    void noRegrowThatWouldItselfTakeTheHostOntoTheLadder() {
        // 55% of the 8 GB limit in use, the heap given back from 3 GB to 100 MB: regrowing would add 2.9 GB, 91% in all
        GcTuner t = tuner("auto", Collector.G1);
        idleGiveBack(t, 3 * GB, 1, 5, 100 * MB);
        script.busy();
        script.used = 80 * MB;
        script.pressure = 0.55;
        assertThat(passes(t, 2)).extracting(Decision::lever).doesNotContain("heap-regrow");
        script.pressure = 0.2; // room again: 0.2 x 8 GB + 2.9 GB is 56%
        assertThat(passes(t, 1)).extracting(Decision::lever).contains("heap-regrow");
    }

    @Test
    void aBusySpellThatStartsUnderPressureRegrowsOnceThePressureEasesButOnlyWhileTheHeapIsStillSmall() {
        GcTuner t = tuner("auto", Collector.G1);
        idleGiveBack(t, 2 * GB, 1, 5, 100 * MB);
        script.busy();
        script.used = 80 * MB;
        script.pressure = 0.66;
        assertThat(passes(t, 2)).extracting(Decision::lever).doesNotContain("heap-regrow");
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
