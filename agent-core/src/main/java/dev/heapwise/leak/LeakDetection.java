package dev.heapwise.leak;

import dev.heapwise.config.AgentConfig;
import dev.heapwise.config.ConfigKeys;
import dev.heapwise.gc.GcEvent;
import dev.heapwise.gc.GcMonitor;
import dev.heapwise.gc.MarkedLiveSet;
import dev.heapwise.gc.OldGenMarkings;
import dev.heapwise.instrument.ClassFilter;
import dev.heapwise.sampling.AllocationProfiling;
import dev.heapwise.util.JdkModules;
import dev.heapwise.profile.HostMemory;
import dev.heapwise.profile.MemoryProfiler;
import dev.heapwise.profile.NativeMemory;
import dev.heapwise.profile.PoolKind;
import dev.heapwise.vm.Collections;
import dev.heapwise.vm.DiagnosticCommands;
import dev.heapwise.vm.HeapRange;
import dev.heapwise.vm.VmOptions;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.instrument.Instrumentation;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Leak detection as one part of the agent: every pattern built from configuration over this JVM's
 * beans, fed by the GC monitor (collections) and the marking detector (old-generation markings),
 * and one detector over them. The caller schedules {@link #sample}, {@link #detect} and the class
 * histogram.
 */
public final class LeakDetection {
    private static final Logger LOG = LoggerFactory.getLogger(LeakDetection.class);
    private final LeakDetector detector;
    private final ClassHistogramPattern histograms;
    private final OldGenMarkings markings;
    private final MarkingRequests requests;
    /** The old-object sampler when it runs from the start (trackSurvivors), else null. */
    private final OldObjectSamples oldObjects;
    /** The sampler started on a heap suspect (survivorsOnSuspect), else null. */
    private final SurvivorsOnSuspect onSuspect;

    private LeakDetection(LeakDetector detector, ClassHistogramPattern histograms, OldGenMarkings markings,
                          MarkingRequests requests, OldObjectSamples oldObjects, SurvivorsOnSuspect onSuspect) {
        this.oldObjects = oldObjects;
        this.onSuspect = onSuspect;
        this.detector = detector;
        this.histograms = histograms;
        this.markings = markings;
        this.requests = requests;
    }

    /**
     * @param allocations     null when allocation profiling is off (no surviving-allocations pattern)
     * @param instrumentation null when the agent has none (loader types are then not named)
     * @param collectorNames  the names of this JVM's collector beans (survivor tracking is refused under some)
     */
    public static LeakDetection forThisJvm(AgentConfig config, GcMonitor gc, OldGenMarkings markings,
                                           MarkedLiveSet liveSet, AllocationProfiling allocations, Instrumentation instrumentation,
                                           List<String> collectorNames) {
        long maxHeap = Runtime.getRuntime().maxMemory() == Long.MAX_VALUE ? -1 : Runtime.getRuntime().maxMemory();
        // heap readings come when the collector chooses: early in a JVM's life (a heap still being sized,
        // Parallel collecting only when the old generation is full) they can rise with no leak for a minute
        // or two, so heap-growth wants twice the evidence span of the other patterns
        GrowthRule shared = GrowthRule.of(config, config.get(ConfigKeys.HEAP_GROWTH_MIN_RATE), 0);
        HeapGrowthPattern heap = new HeapGrowthPattern(config.get(ConfigKeys.HEAP_GROWTH),
                new GrowthRule(shared.windowMs(), 2 * shared.minSpanMs(), shared.minPoints(), shared.confidence(),
                        shared.minRatePerMinute(), shared.minGrowth()), maxHeap);
        OldObjectSamples oldObjects = null;
        Callable<OldObjectSamples> startSampler = () -> OldObjectSamples.start(Duration.ofMinutes(1),
                allocations == null ? cls -> null : allocations::sourceFileOf,
                new ClassFilter(config.get(ConfigKeys.INCLUDE), config.get(ConfigKeys.EXCLUDE))::included,
                collectorNames);
        String refused = !JdkModules.present(JdkModules.FLIGHT_RECORDER) ? JdkModules.lacks(JdkModules.FLIGHT_RECORDER)
                : OldObjectSamples.refusedUnder(collectorNames);
        boolean onSuspect = !config.get(ConfigKeys.TRACK_SURVIVORS) && config.get(ConfigKeys.SURVIVORS_ON_SUSPECT) && refused == null;
        String survivorsOff = refused != null ? OldObjectSamples.notUsed(refused)
                : onSuspect ? "trackSurvivors=false (the default in the prod profile): JFR's old-object sampler starts when heap-growth suspects a leak"
                : "trackSurvivors=false and survivorsOnSuspect=false";
        if (config.get(ConfigKeys.TRACK_SURVIVORS)) {
            try {
                if (refused != null) {
                    throw new IllegalStateException(refused);
                }
                oldObjects = startSampler.call();
            } catch (Throwable t) {
                survivorsOff = OldObjectSamples.notUsed(t);
                LOG.warn("surviving-allocations is off: {}; the other leak patterns run on", survivorsOff);
            }
        }
        SurvivorGrowthPattern survivors = new SurvivorGrowthPattern(oldObjects, survivorsOff, liveSet::latestBytes,
                GrowthRule.of(config, config.get(ConfigKeys.SURVIVOR_MIN_RATE), 0), config.get(ConfigKeys.SURVIVOR_MIN_AGE),
                () -> headroom(gc, maxHeap));
        SurvivorsOnSuspect survivorsOnSuspect = onSuspect
                ? new SurvivorsOnSuspect(startSampler, survivors, config.get(ConfigKeys.LEAK_WINDOW).toMillis(), survivorsOff) : null;
        liveSet.addListener((nowMs, bytes) -> heap.onPoint(nowMs, bytes, markings.markings()));
        markings.addListener(m -> survivors.onMarking(System.currentTimeMillis()));

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
        patterns.add(FileDescriptorGrowthPattern.ofThisProcess(config.get(ConfigKeys.FILE_DESCRIPTOR_GROWTH),
                GrowthRule.of(config, 0, config.get(ConfigKeys.FILE_DESCRIPTOR_GROWTH_MIN_DESCRIPTORS))));
        patterns.add(new ClassLoaderGrowthPattern(config.get(ConfigKeys.CLASS_LOADER_GROWTH),
                ManagementFactory.getClassLoadingMXBean(), metaspace, instrumentation,
                GrowthRule.of(config, 0, config.get(ConfigKeys.CLASS_LOADER_GROWTH_MIN_CLASSES)),
                GrowthRule.of(config, 0, config.get(ConfigKeys.CLASS_LOADER_GROWTH_MIN_LOADERS)),
                markings::markings));
        patterns.add(new DirectMemoryGrowthPattern(config.get(ConfigKeys.DIRECT_MEMORY_GROWTH),
                ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class),
                GrowthRule.of(config, 0, config.get(ConfigKeys.DIRECT_MEMORY_GROWTH_MIN_BYTES)),
                VmOptions.maxDirectMemory()));
        patterns.add(new NativeMemoryGrowthPattern(config.get(ConfigKeys.NATIVE_MEMORY_GROWTH),
                new NativeMemory(HeapRange::ofThisJvm, ManagementFactory.getMemoryMXBean(),
                        ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)),
                GrowthRule.of(config, config.get(ConfigKeys.NATIVE_MEMORY_GROWTH_MIN_RATE),
                        config.get(ConfigKeys.NATIVE_MEMORY_GROWTH_MIN_BYTES)),
                new HostMemory()::read, NativeMemoryGrowthPattern.Jvm.ofThisJvm(threadStackBytes())));
        patterns.add(new IdleHeapPattern(config.get(ConfigKeys.IDLE_HEAP), ManagementFactory.getMemoryMXBean()::getHeapMemoryUsage,
                () -> usedAfterGc(gc), config.get(ConfigKeys.IDLE_HEAP_MIN_BYTES),
                config.get(ConfigKeys.IDLE_HEAP_DURATION).toMillis(), config.get(ConfigKeys.LEAK_WINDOW).toMillis()));
        LeakDetector detector = new LeakDetector(patterns, System::currentTimeMillis,
                config.get(ConfigKeys.LEAK_DETECTION_INTERVAL).toMillis(), config.get(ConfigKeys.LEAK_HISTORY_SIZE));
        List<MemoryPoolMXBean> liveSetPools = new ArrayList<>();
        Map<String, PoolKind> kinds = MemoryProfiler.heapPoolKinds(ManagementFactory.getMemoryPoolMXBeans());
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            PoolKind k = kinds.get(p.getName());
            if (k != null && k.holdsLiveSet()) {
                liveSetPools.add(p);
            }
        }
        MarkingRequests requests = new MarkingRequests(config.get(ConfigKeys.LEAK_CONFIRM_INTERVAL).toMillis(), markings,
                () -> liveSetPools.stream().mapToLong(p -> p.getUsage().getUsed()).sum(),
                Math.max(4L << 20, maxHeap / 100), Collections::full, System.currentTimeMillis());
        return new LeakDetection(detector, histograms, markings, requests, oldObjects, survivorsOnSuspect);
    }

    /** A Java thread's stack size (ThreadStackSize, in KB; 0 means the platform's default, 1 MB where unknown). */
    private static long threadStackBytes() {
        Long kb = VmOptions.number("ThreadStackSize");
        return (kb == null || kb <= 0 ? 1024 : kb) * 1024;
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

    /** The detector's report with what the heap patterns stand on: how many old-generation markings, told how. */
    public Map<String, Object> report(Map<String, Object> detectorReport) {
        Map<String, Object> body = new LinkedHashMap<>(detectorReport);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", markings.markings());
        m.put("collections", markings.collections());
        m.put("last", markings.lastMarkingMillis() == 0 ? null : java.time.Instant.ofEpochMilli(markings.lastMarkingMillis()).toString());
        m.put("told_by", markings.source());
        m.put("requested", requests.describe());
        body.put("old_generation_markings", m);
        return body;
    }

    public void sample() {
        requests.check(System.currentTimeMillis());
        detector.sample();
    }

    /**
     * One detection pass, then what it means for the old-object sampler (started on a heap suspect): the
     * scheduled passes and those asked for over HTTP both come here. Returns the detector's report.
     */
    public Map<String, Object> detect() {
        Map<String, Object> report = detector.detect();
        if (onSuspect != null) {
            onSuspect.afterDetection(detector.findings(), System.currentTimeMillis());
        }
        return report;
    }

    /** The class histogram's interval in milliseconds, 0 when it is off. */
    public long histogramIntervalMs() {
        return histograms.intervalMs();
    }

    public void takeHistogram() throws Exception {
        histograms.takeHistogram(System.currentTimeMillis());
    }

    /** True when surviving-allocations reads JFR's old-object samples now. */
    public boolean tracksSurvivors() {
        return oldObjects != null || (onSuspect != null && onSuspect.running());
    }

    /** Ends the JFR recording behind surviving-allocations, if it runs. */
    public void close() {
        if (oldObjects != null) {
            oldObjects.close();
        }
        if (onSuspect != null) {
            onSuspect.close();
        }
    }
}
