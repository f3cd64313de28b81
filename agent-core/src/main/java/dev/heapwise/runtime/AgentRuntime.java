package dev.heapwise.runtime;

import dev.heapwise.config.AgentConfig;
import dev.heapwise.config.ConfigKeys;
import dev.heapwise.config.ConfigLoader;
import dev.heapwise.gc.GcMonitor;
import dev.heapwise.gc.MarkedLiveSet;
import dev.heapwise.gc.OldGenMarkings;
import dev.heapwise.gc.WholeHeapCollections;
import dev.heapwise.vm.VmFlags;
import dev.heapwise.leak.LeakDetection;
import dev.heapwise.health.HealthScorer;
import dev.heapwise.alert.AlertMetrics;
import dev.heapwise.alert.AlertRule;
import dev.heapwise.alert.Alerts;
import dev.heapwise.compaction.Compactor;
import dev.heapwise.profile.ProcStatus;
import dev.heapwise.tuner.GcTuner;
import dev.heapwise.tuner.TunerMode;
import dev.heapwise.tuner.Tuning;
import dev.heapwise.log.LogOutput;
import dev.heapwise.instrument.BootstrapInjector;
import dev.heapwise.instrument.ObjectLayout;
import dev.heapwise.instrument.RewriterJitDirective;
import dev.heapwise.profile.AllocationCounter;
import dev.heapwise.profile.MemoryProfiler;
import dev.heapwise.sampling.AllocationProfiling;
import dev.heapwise.util.JdkModules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.instrument.Instrumentation;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Builds every part of the agent from its configuration, owns the agent's threads and shuts them
 * down. Nothing here may take the application down: {@link #boot} catches everything, logs one
 * line and leaves the application running without the part that failed.
 */
public final class AgentRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(AgentRuntime.class);
    private static final AtomicBoolean BOOTED = new AtomicBoolean();

    private final AgentConfig config;
    private final Instant startedAt = Instant.now();
    private final String attach;
    private double premainMs;
    private AllocationCounter allocationCounter;
    private AllocationProfiling allocations;
    private String allocationOffReason;
    private String bridgeLocation;
    private Instrumentation instrumentation;
    /** What the JVM gave the agent, whether or not allocation profiling started (leak detection counts loaders with it). */
    private Instrumentation given;
    private final List<String> collectorBeans = new ArrayList<>();
    private GcMonitor gc;
    private OldGenMarkings markings;
    private MarkedLiveSet liveSet;
    private LeakDetection leaks;
    private GcTuner tuner;
    private Compactor compactor;
    private HealthScorer health;
    private Alerts alerts;
    private MemoryProfiler profiler;
    private PeriodicTasks scheduler;
    private ApiServer api;
    private double initMs;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private AgentRuntime(AgentConfig config, String attach) {
        this.config = config;
        this.attach = attach;
    }

    /** Logs that a second start of the agent in this JVM was ignored. */
    public static void reportSecondStart(String how, String firstStart) {
        LOG.info("heapwise is already running in this JVM (started by {}); this {} start is ignored", firstStart, how);
    }

    /**
     * Starts the agent once per JVM. Never throws. What must be in place before the application's
     * classes load (configuration, logging, the allocation rewriter) happens here, on the thread that
     * called premain; everything else starts on a daemon thread beside the application.
     *
     * @param attach "premain" or "agentmain"
     * @param t0     System.nanoTime() when the entry point was called
     */
    public static void premain(String agentArgs, Instrumentation instrumentation, String attach, long t0) {
        if (!BOOTED.compareAndSet(false, true)) {
            LOG.info("heapwise is already running in this JVM; this {} start is ignored", attach);
            return;
        }
        try {
            List<String> missing = JdkModules.missing(JdkModules.REQUIRED);
            if (!missing.isEmpty()) {
                LOG.error("heapwise is switched off: this Java runtime lacks the module(s) {} it reads the JVM through ({});"
                        + " the application runs on without it", missing, JdkModules.addThem(missing));
                return;
            }
            AgentConfig config = ConfigLoader.load(agentArgs);
            String logProblem = LogOutput.configure(config.get(ConfigKeys.LOG_LEVEL), config.get(ConfigKeys.LOG));
            Logger configLog = LoggerFactory.getLogger(ConfigLoader.class);
            for (String problem : config.problems()) {
                configLog.warn(problem);
            }
            if (logProblem != null) {
                LOG.warn(logProblem);
            }
            AgentRuntime runtime = new AgentRuntime(config, attach);
            runtime.startInstrumentation(instrumentation);
            runtime.premainMs = (System.nanoTime() - t0) / 1e6;
            DaemonThreads.named(runtime::startRest, "init").start();
        } catch (Throwable t) {
            LOG.error("heapwise could not start and is switched off; the application runs on without it", t);
        }
    }

    /** The allocation rewriter: on, or off with the reason. Never throws. */
    private void startInstrumentation(Instrumentation inst) {
        given = inst;
        allocationCounter = new AllocationCounter(ManagementFactory.getThreadMXBean());
        if (inst == null) {
            allocationOffReason = "the agent was not started with an Instrumentation";
            return;
        }
        if (!config.get(ConfigKeys.INSTRUMENT)) {
            allocationOffReason = "instrument=false";
            return;
        }
        try {
            ObjectLayout layout = ObjectLayout.ofThisVm();
            bridgeLocation = BootstrapInjector.inject(inst, layout);
            allocations = AllocationProfiling.start(config, inst, layout, "agentmain".equals(attach),
                    allocationCounter::totalAllocatedBytes, allocationCounter::currentThreadAllocatedBytes);
            instrumentation = inst;
        } catch (Throwable t) {
            allocationOffReason = "it could not start (" + t + ")";
            LOG.error("allocation profiling is off: it could not start; the rest of the agent runs on", t);
        }
    }

    private static List<String> collectorNames() {
        List<String> names = new ArrayList<>();
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            names.add(bean.getName());
        }
        return names;
    }

    private void startRest() {
        long t0 = System.nanoTime();
        try {
            if (allocations != null) {
                RewriterJitDirective.add(); // first: the application is loading its classes meanwhile
            }
            if (!start()) {
                return;
            }
            initMs = (System.nanoTime() - t0) / 1e6;
            logStartLine();
            if (api != null) {
                api.warmUp(); // last: everything it asks for is in place, the shutdown hook included
            }
        } catch (Throwable t) {
            LOG.error("heapwise could not start and is switched off; the application runs on without it", t);
            stop();
        }
    }

    /** Starts every part; false when the JVM began to exit meanwhile (then everything is stopped again). */
    private boolean start() {
        collectorBeans.addAll(collectorNames());
        gc = new GcMonitor(ManagementFactory.getGarbageCollectorMXBeans(),
                MemoryProfiler.heapPoolKinds(ManagementFactory.getMemoryPoolMXBeans()),
                ManagementFactory.getRuntimeMXBean().getStartTime(),
                config.get(ConfigKeys.GC_HISTORY_SIZE), config.get(ConfigKeys.PAUSE_WINDOW).toMillis(), System::nanoTime);
        try {
            gc.install();
        } catch (RuntimeException e) {
            LOG.warn("GC notifications are unavailable; GC statistics come from the collectors' counters only", e);
        }
        try {
            markings = OldGenMarkings.forThisJvm(collectorBeans);
            liveSet = MarkedLiveSet.following(gc, markings);
        } catch (RuntimeException | LinkageError e) {
            // without it heap-growth has no points and recommendations fall back to young collections' figures
            LOG.warn("old-generation markings cannot be followed; the live set comes from collections' figures only", e);
        }
        profiler = MemoryProfiler.forThisJvm(gc, config.get(ConfigKeys.HISTORY_SIZE), allocationCounter,
                allocations == null ? null : new SampledAllocationFigures(allocations));
        profiler.record();

        scheduler = new PeriodicTasks(DaemonThreads.PREFIX + "scheduler-1");
        every(config.get(ConfigKeys.PROFILING_INTERVAL), "profiling", profiler::record);
        Duration summary = config.get(ConfigKeys.SUMMARY_INTERVAL);
        if (!summary.isZero()) {
            Logger summaryLog = LoggerFactory.getLogger("dev.heapwise.summary");
            MemoryProfiler.Baseline[] since = {profiler.sampleSince(null).mark()};
            every(summary, "summary", () -> {
                MemoryProfiler.Marked now = profiler.sampleSince(since[0]);
                since[0] = now.mark();
                String top = allocations == null ? "" : allocations.topSites(3);
                summaryLog.info(SummaryLine.of(now.profile(), gc.pauseStats())
                        + (top.isEmpty() ? "" : "; top allocation sites: " + top));
            });
        }
        if (allocations != null) {
            every(config.get(ConfigKeys.ALLOCATION_WINDOW), "allocation window", allocations::rotateWindow);
        }
        startLeakDetection();
        startTuner();
        startAlerts();
        startServer();
        try {
            Runtime.getRuntime().addShutdownHook(DaemonThreads.named(this::stop, "shutdown"));
        } catch (IllegalStateException shutdownInProgress) {
            // the application finished before the agent did: nothing to report, nothing to keep
            stop();
            return false;
        }
        return true;
    }

    /** Leak detection, or none (logged once) when it cannot start: the rest of the agent runs on. */
    private void startLeakDetection() {
        if (!config.get(ConfigKeys.LEAK_DETECTION)) {
            return;
        }
        try {
            leaks = LeakDetection.forThisJvm(config, gc, markings, liveSet, allocations, given, collectorBeans);
        } catch (RuntimeException | LinkageError e) {
            LOG.error("leak detection is off: it could not start; the rest of the agent runs on", e);
            leaks = null;
            return;
        }
        every(config.get(ConfigKeys.LEAK_SAMPLE_INTERVAL), "leak sampling", leaks::sample);
        every(config.get(ConfigKeys.LEAK_DETECTION_INTERVAL), "leak detection", leaks::detect);
        if (leaks.histogramIntervalMs() > 0) {
            every(Duration.ofMillis(leaks.histogramIntervalMs()), "class histogram", () -> {
                try {
                    leaks.takeHistogram();
                } catch (Exception e) {
                    throw new IllegalStateException("GC.class_histogram failed: " + e, e);
                }
            });
        }
    }

    /** The GC tuner, or none (logged once) when it cannot start: the rest of the agent runs on. */
    private void startTuner() {
        String collector = CollectorName.of(collectorBeans);
        compactor = new Compactor(collector, "Serial".equals(collector), ManagementFactory.getMemoryMXBean(),
                new ProcStatus(), dev.heapwise.vm.Collections::requested,
                WholeHeapCollections.counter(ManagementFactory.getGarbageCollectorMXBeans(),
                        "true".equals(VmFlags.hotSpot().get("ExplicitGCInvokesConcurrent"))),
                config.get(ConfigKeys.COMPACTION_COOLDOWN).toMillis(),
                config.get(ConfigKeys.COMPACTION_HISTORY_SIZE), System::nanoTime, Instant::now);
        try {
            tuner = Tuning.forThisJvm(config, gc, liveSet, collector, compactor);
        } catch (RuntimeException | LinkageError e) {
            LOG.error("the GC tuner is off: it could not start; the rest of the agent runs on", e);
            return;
        }
        every(config.get(ConfigKeys.TUNER_INTERVAL), "tuning", tuner::pass);
    }

    /** Health scoring and the alert rules over it, evaluated on the agent's schedule. */
    private void startAlerts() {
        health = new HealthScorer(config.get(ConfigKeys.PAUSE_TARGET).toMillis());
        AlertMetrics metrics = new AlertMetrics(profiler::sample, () -> gc.history(16), gc::pauseStats, this::leakFindings,
                p -> health.evaluate(Instant.now().toString(), p, gc.history(16), gc.pauseStats(), leakFindings()));
        alerts = new Alerts(AlertRule.parseAll(config.get(ConfigKeys.ALERTS)), metrics::read, System::nanoTime, Instant::now,
                config.get(ConfigKeys.ALERT_HISTORY_SIZE));
        every(config.get(ConfigKeys.ALERT_INTERVAL), "alerts", alerts::evaluate);
    }

    /** The leak detector's current findings (suspects and waste); null when leak detection is off. */
    private List<dev.heapwise.leak.Finding> leakFindings() {
        return leaks == null ? null : leaks.detector().findings();
    }

    private void every(Duration period, String what, Runnable task) {
        scheduler.every(period, what, task);
    }

    private void startServer() {
        if (!JdkModules.present(JdkModules.HTTP_SERVER)) {
            LOG.warn("HTTP server not started: {}; heapwise reports to its log only", JdkModules.lacks(JdkModules.HTTP_SERVER));
            return;
        }
        ApiServer.Parts parts = new ApiServer.Parts(profiler, gc, health, tuner, compactor, alerts, allocations,
                allocationOffReason, leaks, this::leakFindings);
        api = ApiServer.start(config, parts, this::status, this::every, given);
    }

    private void logStartLine() {
        String where = api == null || !api.listening() ? "no HTTP server" : api.url();
        LOG.info("heapwise {} started ({}): {}; profile {}; collector {}; enabled: profiler every {}, GC monitor{}, {}{}; premain {} ms, init {} ms",
                AgentVersion.get(), attach, where, config.profile().id(), CollectorName.of(collectorBeans),
                config.get(ConfigKeys.PROFILING_INTERVAL).toMillis() / 1000.0 + "s",
                gc.listening() ? "" : " (counters only)",
                allocations == null ? "allocation profiling off (" + allocationOffReason + ")"
                        : "allocation sampling every " + dev.heapwise.config.Sizes.format(config.get(ConfigKeys.SAMPLE_INTERVAL))
                        + " (bridge in the " + bridgeLocation + ")",
                config.get(ConfigKeys.SUMMARY_INTERVAL).isZero() ? "" : ", summary every "
                        + config.get(ConfigKeys.SUMMARY_INTERVAL).toSeconds() + "s",
                String.format(java.util.Locale.ROOT, "%.2f", premainMs), String.format(java.util.Locale.ROOT, "%.1f", initMs));
    }

    /** The status report; public for the HTTP API. */
    public StatusReport status() {
        long uptime = Duration.between(startedAt, Instant.now()).toMillis();
        Map<String, Boolean> features = new LinkedHashMap<>();
        features.put("profiler", true);
        features.put("gc_monitor", gc.listening());
        features.put("http_server", api != null && api.listening());
        features.put("summary_log", !config.get(ConfigKeys.SUMMARY_INTERVAL).isZero());
        features.put("allocation_profiling", allocations != null);
        features.put("leak_detection", leaks != null);
        features.put("gc_tuner", tuner != null && tuner.mode() != TunerMode.OFF);
        features.put("survivor_tracking", leaks != null && leaks.tracksSurvivors());
        int ownThreads = DaemonThreads.countOwn();
        return new StatusReport(
                new StatusReport.Agent("heapwise", AgentVersion.get(), ProcessHandle.current().pid(),
                        startedAt.toString(), uptime, attach, config.profile().id(), round2(premainMs), round2(initMs)),
                new StatusReport.Jvm(System.getProperty("java.vm.name"), System.getProperty("java.vm.vendor"),
                        System.getProperty("java.runtime.version"), CollectorName.of(collectorBeans),
                        List.copyOf(collectorBeans), Runtime.getRuntime().maxMemory(), maxHeapSizeFlag()),
                features,
                api == null ? null : api.describe(),
                new StatusReport.Self(ownThreads, profiler.historySize(), profiler.historyCapacity(),
                        gc.historySize(), gc.historyCapacity()),
                SummaryLine.of(profiler.sample(), gc.pauseStats()));
    }

    private static Long maxHeapSizeFlag() {
        return dev.heapwise.vm.VmOptions.number("MaxHeapSize");
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** Stops every agent thread and listener and removes the files it wrote. Safe to call twice. */
    public void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        try {
            if (scheduler != null) {
                scheduler.stop();
            }
            if (tuner != null) {
                tuner.restoreAll("the JVM is shutting down");
            }
            if (api != null) {
                api.stop();
            }
            if (gc != null) {
                gc.uninstall();
            }
            if (allocations != null) {
                allocations.stop(instrumentation);
            }
            if (leaks != null) {
                leaks.close();
            }
        } catch (Throwable t) {
            LOG.debug("shutdown was not clean", t);
        }
    }
}
