package dev.heapwise.tuner;

import dev.heapwise.compaction.Compaction;
import dev.heapwise.compaction.Compactor;
import dev.heapwise.config.AgentConfig;
import dev.heapwise.config.ConfigKeys;
import dev.heapwise.gc.GcMonitor;
import dev.heapwise.gc.MarkedLiveSet;
import dev.heapwise.vm.VmFlags;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The tuner for this JVM: its levers for the running collector, fed by this JVM's readings. */
public final class Tuning {
    private Tuning() {
    }

    /**
     * @param liveSet       the live set at old-generation markings (recommendations size the heap from it)
     * @param collectorName as {@link dev.heapwise.runtime.CollectorName} names it
     * @param compactor     runs the idle-collection lever's collections (automatic compaction)
     */
    public static GcTuner forThisJvm(AgentConfig config, GcMonitor gc, MarkedLiveSet liveSet, String collectorName,
                                     Compactor compactor) {
        return build(config, Collector.of(collectorName), VmFlags.hotSpot(), new TunerReadings(gc, liveSet),
                reason -> outcome(compactor.automatic(reason)));
    }

    static GcTuner build(AgentConfig config, Collector collector, VmFlags flags, Supplier<TunerReading> readings,
                         GcTuner.HeapCollection collection) {
        boolean periodic = flags.writeable("G1PeriodicGCInterval");
        List<Lever> levers = List.of(
                new HeapFreeRatioLadder(collector),
                new HeapRegrowLever(collector),
                new PeriodicGcLever(collector, periodic),
                new SoftMaxHeapLever(collector, flags.writeable("SoftMaxHeapSize")),
                new IdleCollectionLever(collector, "true".equals(flags.get("DisableExplicitGC")), periodic,
                        config.get(ConfigKeys.AUTO_COMPACTION)));
        TunerContext context = new TunerContext(TunerSettings.of(config), new FlagLedger(flags),
                new IdleTracker(config.get(ConfigKeys.IDLE_ALLOCATION_RATE), config.get(ConfigKeys.IDLE_CPU),
                        config.get(ConfigKeys.IDLE_DELAY).toMillis()), heapFloor(collector, flags), number(flags.get("MaxHeapSize")));
        return new GcTuner(config.get(ConfigKeys.TUNER), collector, levers, context, readings, collection, Instant::now,
                config.get(ConfigKeys.TUNER_HISTORY_SIZE), config.get(ConfigKeys.PAUSE_TARGET).toMillis());
    }

    /**
     * The committed heap the collector never gives back: MinHeapSize; Serial and Parallel also keep
     * their old generation's initial size (measured: Serial stays at the initial heap through any
     * number of full collections), so there the initial heap size.
     */
    static long heapFloor(Collector collector, VmFlags flags) {
        long min = number(flags.get("MinHeapSize"));
        if (collector == Collector.SERIAL || collector == Collector.PARALLEL) {
            return Math.max(min, number(flags.get("InitialHeapSize")));
        }
        return min;
    }

    private static long number(String text) {
        try {
            return text == null ? 0 : Long.parseLong(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static GcTuner.HeapCollection.Outcome outcome(Compaction c) {
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("heap_used_bytes", c.usedBeforeBytes());
        before.put("heap_committed_bytes", c.committedBeforeBytes());
        before.put("rss_bytes", c.rssBeforeBytes());
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("heap_used_bytes", c.usedAfterBytes());
        after.put("heap_committed_bytes", c.committedAfterBytes());
        after.put("rss_bytes", c.rssAfterBytes());
        return new GcTuner.HeapCollection.Outcome(before, after, c.durationMs());
    }
}
