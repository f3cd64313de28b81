package dev.heapwise.tuner;

import dev.heapwise.config.ConfigLoader;
import dev.heapwise.profile.HostMemory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** What the tuner's tests share: scripted readings, five seconds apart, flags in a map, collections counted. */
abstract class TunerFixture {
    static final long MB = 1L << 20;
    static final long GB = 1L << 30;

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

    final Script script = new Script();
    final Collections collections = new Collections(script);
    final FakeFlags flags = FakeFlags.hotSpotDefaults();

    GcTuner tuner(String mode, Collector collector) {
        return Tuning.build(ConfigLoader.load("tuner=" + mode + ",idleDelay=15s,idleGcInterval=5s,tunerHold=60s"),
                collector, flags, script, collections);
    }

    /** A G1 tuner of its own reading {@code s}: three busy passes, then the decisions of the first idle one. */
    static List<Decision> firstIdlePass(Script s) {
        GcTuner t = Tuning.build(ConfigLoader.load("tuner=auto,idleDelay=15s,idleGcInterval=5s,tunerHold=60s"),
                Collector.G1, FakeFlags.hotSpotDefaults(), s, new Collections(s));
        passes(t, 3);
        s.idleWithUnusedHeap();
        return passes(t, 1);
    }

    static List<Decision> passes(GcTuner t, int n) {
        List<Decision> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.addAll(t.pass());
        }
        return all;
    }

    /** Busy on {@code busyCommitted}, then idle long enough for the give-back levers, ending on {@code givenBack}. */
    void idleGiveBack(GcTuner t, long busyCommitted, int busyPasses, int idlePasses, long givenBack) {
        script.committed = busyCommitted;
        passes(t, busyPasses);
        script.idleWithUnusedHeap();
        passes(t, idlePasses);
        script.committed = givenBack;
    }
}
