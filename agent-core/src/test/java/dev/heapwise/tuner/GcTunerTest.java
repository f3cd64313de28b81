package dev.heapwise.tuner;

import dev.heapwise.config.ConfigLoader;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The tuner's decisions against scripted readings: idle give-back, pressure, compaction, advice, restore (regrow: {@link GcTunerRegrowTest}). */
class GcTunerTest extends TunerFixture {

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
}
