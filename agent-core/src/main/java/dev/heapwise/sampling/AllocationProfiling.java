package dev.heapwise.sampling;

import dev.heapwise.config.AgentConfig;
import dev.heapwise.config.ConfigKeys;
import dev.heapwise.instrument.AllocationInstrumentation;
import dev.heapwise.instrument.ClassFilter;
import dev.heapwise.instrument.MethodPatterns;
import dev.heapwise.instrument.ObjectLayout;
import dev.heapwise.profile.AllocationCounter;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.instrument.Instrumentation;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Allocation profiling as one part of the agent: the site registry, the sampler connected to the
 * bridge, and the installed rewriter. Loaded only after the bridge is in the boot loader (its sampler
 * implements a bridge interface), which {@code BootstrapInjector} sees to first.
 */
public final class AllocationProfiling {
    private static final Logger LOG = LoggerFactory.getLogger(AllocationProfiling.class);
    private final SiteRegistry sites;
    private final AllocationSampler sampler;
    private final MethodAllocations methods;
    private final AllocationInstrumentation instrumentation;
    private final LongSupplier jvmAllocatedBytes;
    private long jvmAllocatedAtReset;

    private AllocationProfiling(SiteRegistry sites, AllocationSampler sampler, MethodAllocations methods,
                                AllocationInstrumentation instrumentation, LongSupplier jvmAllocatedBytes) {
        this.sites = sites;
        this.sampler = sampler;
        this.methods = methods;
        this.instrumentation = instrumentation;
        this.jvmAllocatedBytes = jvmAllocatedBytes;
        this.jvmAllocatedAtReset = jvmAllocatedBytes.getAsLong();
    }

    /**
     * Connects a sampler to the bridge and installs the rewriter.
     *
     * @param jvmAllocatedBytes    the JVM's own count of bytes allocated so far, for coverage (or -1)
     * @param threadAllocatedBytes the current thread's allocated bytes, for tracked methods (or -1)
     */
    public static AllocationProfiling start(AgentConfig config, Instrumentation inst, ObjectLayout layout,
                                            boolean lateAttach, LongSupplier jvmAllocatedBytes,
                                            LongSupplier threadAllocatedBytes) {
        SiteRegistry sites = new SiteRegistry(config.get(ConfigKeys.MAX_SITES));
        AllocationSampler sampler = new AllocationSampler(sites, config.get(ConfigKeys.MAX_STACKS),
                config.get(ConfigKeys.STACK_DEPTH), config.get(ConfigKeys.SAMPLE_INTERVAL),
                config.get(ConfigKeys.MAX_SAMPLES_PER_SECOND), System::nanoTime, threadAllocatedBytes);
        sampler.limitStacks(config.get(ConfigKeys.MAX_STACKS_PER_SECOND));
        sampler.attach();
        MethodAllocations methods = new MethodAllocations(config.get(ConfigKeys.MAX_TRACKED_METHODS), threadAllocatedBytes);
        methods.attach();
        MethodPatterns tracked = new MethodPatterns(config.get(ConfigKeys.TRACK_METHODS),
                config.get(ConfigKeys.TRACK_HTTP_HANDLERS));
        for (String rejected : tracked.rejected()) {
            LOG.warn("trackMethods pattern '{}' names no method (expected Class.method, e.g. com.acme.*Handler.handle): ignored",
                    rejected);
        }
        AllocationInstrumentation instrumentation = AllocationInstrumentation.install(inst,
                new ClassFilter(config.get(ConfigKeys.INCLUDE), config.get(ConfigKeys.EXCLUDE)), sites::register,
                tracked, methods::register, layout, lateAttach);
        return new AllocationProfiling(sites, sampler, methods, instrumentation, jvmAllocatedBytes);
    }

    /** What {@code /v1/memory/allocations} answers. */
    public Map<String, Object> report(AllocationReport.By by, int top) {
        AllocationSampler.Snapshot s = sampler.snapshot();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("enabled", true);
        body.put("by", by.name().toLowerCase(java.util.Locale.ROOT));
        body.put("top", top);
        body.put("since_ms", s.sinceNanos() / 1_000_000);
        body.put("window_ms", s.windowNanos() / 1_000_000);
        body.put("sample_interval_bytes", s.configuredInterval());
        body.put("current_interval_bytes", s.currentInterval());
        body.put("samples", s.totalSamples());
        body.put("stack_walk_share", Math.round(s.stackChance() * 1000) / 1000.0);
        body.put("estimated_bytes", Math.round(s.totalBytes()));
        body.put("coverage", coverage(s));
        body.put("sites", sites.size() - 1);
        body.put("sites_overflowed", sites.overflowed());
        body.put("classes_instrumented", instrumentation.listener().transformed());
        body.put("classes_failed", instrumentation.listener().failed());
        body.put("methods_oversized", instrumentation.listener().oversizedMethods());
        body.put("methods_tracked", methods.tracked());
        body.put("methods_untracked_table_full", methods.rejected());
        List<Map<String, Object>> entries = by == AllocationReport.By.METHOD
                ? AllocationReport.byMethod(methods.snapshot(), s.sinceNanos(), s.windowNanos(), top,
                        MethodAllocations.unmeasuredReason(AllocationCounter.counts(ManagementFactory.getThreadMXBean())))
                : AllocationReport.entries(s, sites, by, top);
        body.put("entries", entries);
        return body;
    }

    /**
     * Bytes the samples account for against the JVM's own count since the last reset: what the
     * instrumentation does not see (JDK internals, hidden classes, lambdas) is the difference.
     */
    private Map<String, Object> coverage(AllocationSampler.Snapshot s) {
        Map<String, Object> c = new LinkedHashMap<>();
        long jvm = jvmAllocatedBytes.getAsLong();
        long jvmSince = jvm < 0 ? -1 : jvm - jvmAllocatedAtReset;
        c.put("sampled_bytes", Math.round(s.totalBytes()));
        c.put("jvm_allocated_bytes", jvmSince < 0 ? null : jvmSince);
        c.put("share", jvmSince <= 0 ? null : Math.round(s.totalBytes() / jvmSince * 1000.0) / 1000.0);
        return c;
    }

    /** The share of allocation the instrumentation sees, or null before anything was allocated. */
    public Double coverageShare() {
        return (Double) coverage(sampler.snapshot()).get("share");
    }

    /** The sampler's estimate of bytes allocated per second since the last reset. */
    public double sampledBytesPerSecond() {
        AllocationSampler.Snapshot s = sampler.snapshot();
        return s.sinceNanos() <= 0 ? 0 : s.totalBytes() / (s.sinceNanos() / 1e9);
    }

    public String topSites(int n) {
        return AllocationReport.topSitesLine(sampler.snapshot(), sites, n);
    }

    /**
     * Array sites that allocate one size at a high rate: what a buffer pool could serve. For each, the
     * size, the share of its samples of that size (a lower bound), its rate since the last reset and
     * the bytes a second a pool would save (rate times share). Heaviest saving first.
     */
    public List<Map<String, Object>> poolCandidates(double minBytesPerSecond, int top) {
        AllocationSampler.Snapshot s = sampler.snapshot();
        double seconds = s.sinceNanos() / 1e9;
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        if (seconds <= 0) {
            return out;
        }
        for (int id = 1; id < s.bytes().length; id++) {
            long n = s.samples()[id];
            if (n < 8 || s.modalVotes()[id] <= 0) {
                continue; // too few samples to say a size dominates
            }
            AllocationSite site = sites.site(id);
            if (site == null || !"array".equals(site.kind())) {
                continue;
            }
            double share = Math.min(1.0, (n + s.modalVotes()[id]) / 2.0 / n);
            double rate = s.bytes()[id] / seconds;
            if (share < 0.8 || rate * share < minBytesPerSecond) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("site", site.location());
            m.put("type", site.type());
            m.put("array_bytes", s.modalSize()[id]);
            m.put("same_size_share_at_least", Math.round(share * 1000) / 1000.0);
            m.put("bytes_per_second", Math.round(rate));
            m.put("saving_bytes_per_second", Math.round(rate * share));
            m.put("samples", n);
            out.add(m);
        }
        out.sort((a, b) -> Long.compare((Long) b.get("saving_bytes_per_second"), (Long) a.get("saving_bytes_per_second")));
        return out.size() > top ? out.subList(0, top) : out;
    }

    /** The source file the rewritten sites of {@code className} were compiled from, or null when none was seen. */
    public String sourceFileOf(String className) {
        return sites.fileOf(className);
    }

    public void reset() {
        sampler.reset();
        methods.reset();
        jvmAllocatedAtReset = jvmAllocatedBytes.getAsLong();
    }

    public void rotateWindow() {
        sampler.rotateWindow();
        methods.rotateWindow();
    }

    public void stop(Instrumentation inst) {
        sampler.detach();
        methods.detach();
        instrumentation.uninstall(inst);
    }
}
