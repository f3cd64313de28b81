package dev.heapwise.leak;

import dev.heapwise.config.AgentConfig;
import dev.heapwise.config.ConfigKeys;
import dev.heapwise.gc.GcEvent;
import dev.heapwise.gc.GcMonitor;
import dev.heapwise.gc.OldGenMarkings;
import dev.heapwise.sampling.AllocationProfiling;
import dev.heapwise.vm.DiagnosticCommands;
import dev.heapwise.vm.VmOptions;

import java.lang.instrument.Instrumentation;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * Leak detection as one part of the agent: every pattern built from configuration over this JVM's
 * beans, fed by the GC monitor (collections) and the marking detector (old-generation markings),
 * and one detector over them. The caller schedules {@link #sample}, {@link #detect} and the class
 * histogram.
 */
public final class LeakDetection {
    private final LeakDetector detector;
    private final ClassHistogramPattern histograms;

    private LeakDetection(LeakDetector detector, ClassHistogramPattern histograms) {
        this.detector = detector;
        this.histograms = histograms;
    }

    /**
     * @param allocations     null when allocation profiling is off (no surviving-allocations pattern)
     * @param instrumentation null when the agent has none (loader types are then not named)
     */
    public static LeakDetection forThisJvm(AgentConfig config, GcMonitor gc, OldGenMarkings markings,
                                           AllocationProfiling allocations, Instrumentation instrumentation) {
        long maxHeap = Runtime.getRuntime().maxMemory() == Long.MAX_VALUE ? -1 : Runtime.getRuntime().maxMemory();
        HeapGrowthPattern heap = new HeapGrowthPattern(config.get(ConfigKeys.HEAP_GROWTH),
                GrowthRule.of(config, config.get(ConfigKeys.HEAP_GROWTH_MIN_RATE), 0), maxHeap);
        SurvivorGrowthPattern survivors = new SurvivorGrowthPattern(
                allocations == null ? null : allocations.survivors(), allocations,
                GrowthRule.of(config, config.get(ConfigKeys.SURVIVOR_MIN_RATE), 0),
                config.get(ConfigKeys.SURVIVOR_MIN_AGE), () -> headroom(gc, maxHeap));
        // heap-growth reads each collection before the marking detector judges it, so a marking closes
        // the interval that includes its own collection
        gc.addListener(heap::onCollection);
        gc.addListener((GcEvent e) -> markings.onCollection(e, System.currentTimeMillis()));
        markings.addListener(m -> heap.onMarking(m, System.currentTimeMillis()));
        markings.addListener(m -> survivors.onMarking(m, System.currentTimeMillis()));

        MemoryPoolMXBean metaspace = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getName().equals("Metaspace")).findFirst().orElse(null);
        ClassHistogramPattern histograms = new ClassHistogramPattern(config.get(ConfigKeys.CLASS_HISTOGRAM_INTERVAL).toMillis(),
                DiagnosticCommands::classHistogram, config.get(ConfigKeys.CLASS_GROWTH_HISTOGRAMS),
                config.get(ConfigKeys.CLASS_GROWTH_MIN_BYTES));
        List<LeakPattern> patterns = new ArrayList<>();
        patterns.add(heap);
        patterns.add(survivors);
        patterns.add(histograms);
        patterns.add(new ThreadGrowthPattern(config.get(ConfigKeys.THREAD_GROWTH), ManagementFactory.getThreadMXBean(),
                GrowthRule.of(config, 0, config.get(ConfigKeys.THREAD_GROWTH_MIN_THREADS))));
        patterns.add(new ClassLoaderGrowthPattern(config.get(ConfigKeys.CLASS_LOADER_GROWTH),
                ManagementFactory.getClassLoadingMXBean(), metaspace, instrumentation,
                GrowthRule.of(config, 0, config.get(ConfigKeys.CLASS_LOADER_GROWTH_MIN_CLASSES))));
        patterns.add(new DirectMemoryGrowthPattern(config.get(ConfigKeys.DIRECT_MEMORY_GROWTH),
                ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class),
                GrowthRule.of(config, 0, config.get(ConfigKeys.DIRECT_MEMORY_GROWTH_MIN_BYTES)),
                VmOptions.maxDirectMemory()));
        patterns.add(new IdleHeapPattern(config.get(ConfigKeys.IDLE_HEAP), ManagementFactory.getMemoryMXBean()::getHeapMemoryUsage,
                () -> usedAfterGc(gc), config.get(ConfigKeys.IDLE_HEAP_MIN_BYTES),
                config.get(ConfigKeys.IDLE_HEAP_DURATION).toMillis(), config.get(ConfigKeys.LEAK_WINDOW).toMillis()));
        LeakDetector detector = new LeakDetector(patterns, System::currentTimeMillis,
                config.get(ConfigKeys.LEAK_DETECTION_INTERVAL).toMillis(), config.get(ConfigKeys.LEAK_HISTORY_SIZE));
        return new LeakDetection(detector, histograms);
    }

    private static long usedAfterGc(GcMonitor gc) {
        GcEvent e = gc.lastEventWithHeapFigures();
        return e == null || e.heapAfterBytes() == null ? -1 : e.heapAfterBytes();
    }

    private static long headroom(GcMonitor gc, long maxHeap) {
        long used = usedAfterGc(gc);
        return maxHeap < 0 || used < 0 ? -1 : Math.max(0, maxHeap - used);
    }

    public LeakDetector detector() {
        return detector;
    }

    public void sample() {
        detector.sample();
    }

    public void detect() {
        detector.detect();
    }

    /** The class histogram's interval in milliseconds, 0 when it is off. */
    public long histogramIntervalMs() {
        return histograms.intervalMs();
    }

    public void takeHistogram() throws Exception {
        histograms.takeHistogram(System.currentTimeMillis());
    }
}
