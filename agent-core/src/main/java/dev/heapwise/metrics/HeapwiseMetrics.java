package dev.heapwise.metrics;

import dev.heapwise.alert.Alert;
import dev.heapwise.alert.AlertRule;
import dev.heapwise.alert.Alerts;
import dev.heapwise.compaction.Compactor;
import dev.heapwise.gc.GcMonitor;
import dev.heapwise.gc.PauseWindow;
import dev.heapwise.health.HealthReport;
import dev.heapwise.health.HealthScorer;
import dev.heapwise.leak.Finding;
import dev.heapwise.pool.BufferPool;
import dev.heapwise.pool.BufferPools;
import dev.heapwise.profile.MemoryProfile;
import dev.heapwise.profile.MemoryProfiler;
import dev.heapwise.sampling.AllocationProfiling;
import dev.heapwise.sampling.AllocationReport;
import dev.heapwise.tuner.GcTuner;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What {@code GET /metrics} exposes: one reading of everything the JSON API shows, as Prometheus
 * families named {@code heapwise_*} (so they never clash with the application's own {@code jvm_*}
 * metrics), in base units (bytes, seconds, ratios from 0 to 1). Label values are bounded: pools and
 * collectors come from the JVM, sites are the top {@value #TOP_SITES}, findings and alert rules are
 * few. A part that is off (null) contributes nothing; each family says in its help what it measures.
 */
public final class HeapwiseMetrics {
    static final int TOP_SITES = 10;

    /** The parts read; any but the profiler and the GC monitor may be null (off). */
    public record Sources(MemoryProfiler profiler, GcMonitor gc, HealthScorer health, Supplier<List<Finding>> findings,
                          Alerts alerts, AllocationProfiling allocations, GcTuner tuner, Compactor compactor,
                          BufferPools pools) {
    }

    private final Sources s;
    private final String version;
    private final String collector;
    private final String jvm;

    public HeapwiseMetrics(Sources sources, String version, String collector, String jvm) {
        this.s = sources;
        this.version = version;
        this.collector = collector;
        this.jvm = jvm;
    }

    public MetricSnapshots collect() {
        MetricFamilies m = new MetricFamilies();
        MemoryProfile p = s.profiler().sample();
        m.gauge("heapwise_info", "The agent's version, the JVM and its collector (value 1).", 1,
                "version", version, "jvm", jvm, "collector", collector);
        m.gauge("heapwise_uptime_seconds", "Time since the JVM started.", p.uptimeMs() / 1000.0);
        memory(m, p);
        process(m, p);
        gc(m, p);
        allocation(m, p);
        leaks(m);
        health(m, p);
        alerts(m);
        tuner(m);
        compaction(m);
        pools(m);
        return m.build();
    }

    private static void memory(MetricFamilies m, MemoryProfile p) {
        m.gauge("heapwise_heap_used_bytes", "Heap in use.", p.heap().usedBytes());
        m.gauge("heapwise_heap_committed_bytes", "Heap the JVM has committed.", p.heap().committedBytes());
        m.gauge("heapwise_heap_max_bytes", "The most the heap can grow to (absent when undefined).",
                p.heap().maxBytes() < 0 ? null : p.heap().maxBytes());
        m.gauge("heapwise_heap_used_after_gc_bytes", "Heap in use right after the newest collection that reported it.",
                p.heap().usedAfterGcBytes());
        m.gauge("heapwise_nonheap_used_bytes", "Non-heap memory in use (metaspace, code cache, ...).", p.nonHeap().usedBytes());
        m.gauge("heapwise_nonheap_committed_bytes", "Non-heap memory committed.", p.nonHeap().committedBytes());
        for (MemoryProfile.Pool pool : p.pools()) {
            String[] l = {"pool", pool.name(), "kind", pool.kind()};
            m.gauge("heapwise_memory_pool_used_bytes", "Memory in use, per JVM memory pool.", pool.usedBytes(), l);
            m.gauge("heapwise_memory_pool_committed_bytes", "Memory committed, per JVM memory pool.", pool.committedBytes(), l);
            m.gauge("heapwise_memory_pool_max_bytes", "The most a JVM memory pool can grow to (absent when unbounded).",
                    pool.maxBytes() == null || pool.maxBytes() < 0 ? null : pool.maxBytes(), l);
            m.gauge("heapwise_memory_pool_used_after_gc_bytes", "Memory in use right after the pool's newest collection.",
                    pool.usedAfterGcBytes(), l);
        }
        for (MemoryProfile.BufferPool b : p.bufferPools()) {
            m.gauge("heapwise_buffer_pool_used_bytes", "Memory used by the JVM's buffer pools (direct, mapped).", b.usedBytes(),
                    "pool", b.name());
            m.gauge("heapwise_buffer_pool_capacity_bytes", "Total capacity of the buffers in a JVM buffer pool.",
                    b.capacityBytes(), "pool", b.name());
            m.gauge("heapwise_buffer_pool_buffers", "Buffers in a JVM buffer pool.", b.count(), "pool", b.name());
        }
        m.gauge("heapwise_threads_live", "Live threads.", p.threads().live());
        m.gauge("heapwise_threads_daemon", "Live daemon threads.", p.threads().daemon());
        m.gauge("heapwise_threads_peak", "The most threads live at once since the JVM started.", p.threads().peak());
        m.counter("heapwise_threads_started", "Threads started since the JVM started.", p.threads().startedTotal());
        m.gauge("heapwise_classes_loaded", "Classes loaded now.", p.classes().loaded());
        m.counter("heapwise_classes_loaded_since_start", "Classes loaded since the JVM started.", p.classes().loadedTotal());
        m.counter("heapwise_classes_unloaded", "Classes unloaded since the JVM started.", p.classes().unloaded());
    }

    private static void process(MetricFamilies m, MemoryProfile p) {
        MemoryProfile.ProcessMemory proc = p.process();
        if (proc.available()) {
            m.gauge("heapwise_process_rss_bytes", "Resident memory of the whole process.", proc.rssBytes());
            m.gauge("heapwise_process_rss_peak_bytes", "The most resident memory since the process started.", proc.peakRssBytes());
            m.gauge("heapwise_process_swap_bytes", "Process memory swapped out.", proc.swapBytes());
        }
        m.gauge("heapwise_process_open_fds", "Open file descriptors.", p.fileDescriptors().open());
        m.gauge("heapwise_process_max_fds", "The process's limit on open file descriptors.", p.fileDescriptors().max());
        MemoryProfile.RssBreakdown r = p.rssBreakdown();
        if (r != null) {
            String help = "Where the resident memory goes, as far as the JVM can say; 'unattributed' is thread stacks, GC"
                    + " structures, native libraries and malloc.";
            m.gauge("heapwise_rss_breakdown_bytes", help, r.heapCommittedBytes(), "part", "heap");
            m.gauge("heapwise_rss_breakdown_bytes", help, r.metaspaceCommittedBytes(), "part", "metaspace");
            m.gauge("heapwise_rss_breakdown_bytes", help, r.codeCacheCommittedBytes(), "part", "code_cache");
            m.gauge("heapwise_rss_breakdown_bytes", help, r.bufferBytes(), "part", "buffers");
            m.gauge("heapwise_rss_breakdown_bytes", help, r.otherNonHeapCommittedBytes(), "part", "other_non_heap");
            m.gauge("heapwise_rss_breakdown_bytes", help, r.unattributedBytes(), "part", "unattributed");
        }
    }

    private void gc(MetricFamilies m, MemoryProfile p) {
        for (GcMonitor.Collector c : s.gc().collectors()) {
            m.counter("heapwise_gc_collections", "Collections, per collector MXBean.", c.count(), "collector", c.name(),
                    "phase", c.phase());
            m.counter("heapwise_gc_time_seconds", "Time per collector MXBean (for ZGC and Shenandoah's cycle beans this"
                    + " includes concurrent work).", c.totalTimeMs() / 1000.0, "collector", c.name(), "phase", c.phase());
        }
        GcMonitor.Totals t = s.gc().totals();
        PauseWindow.Stats w = s.gc().pauseStats();
        m.summary("heapwise_gc_pause_seconds", "Stop-the-world pauses: count and sum since the agent started, quantiles"
                        + " over the last " + w.windowMs() / 1000 + " s.", t.pauses(), t.pauseTimeMs() / 1000.0,
                new Double[][] {{0.5, seconds(w.p50Ms())}, {0.95, seconds(w.p95Ms())}, {0.99, seconds(w.p99Ms())},
                        {1.0, seconds(w.maxMs())}});
        m.counter("heapwise_gc_concurrent_seconds", "Time in concurrent collection cycles since the agent started.",
                t.concurrentTimeMs() / 1000.0);
        m.gauge("heapwise_gc_pause_time_ratio", "Share of wall time in GC pauses over the last profiling interval.",
                p.gc().pauseTimeShare());
    }

    private static Double seconds(Double ms) {
        return ms == null ? null : ms / 1000.0;
    }

    private void allocation(MetricFamilies m, MemoryProfile p) {
        MemoryProfile.Allocation a = p.allocation();
        m.counter("heapwise_allocated_bytes", "Bytes allocated by every thread, as the JVM counts them.", a.totalBytes());
        m.gauge("heapwise_allocation_bytes_per_second", "Allocation rate over the last profiling interval (the JVM's count).",
                a.bytesPerSecond());
        AllocationProfiling alloc = s.allocations();
        if (alloc == null) {
            return;
        }
        m.gauge("heapwise_allocation_sampled_bytes_per_second", "The sampler's estimate of the allocation rate of rewritten"
                + " sites since its last reset.", alloc.sampledBytesPerSecond());
        m.gauge("heapwise_allocation_coverage_ratio", "Share of the JVM's allocation the rewritten sites account for.",
                alloc.coverageShare());
        Object entries = alloc.report(AllocationReport.By.SITE, TOP_SITES).get("entries");
        if (entries instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> e && e.get("site") != null) {
                    Object rate = e.get("bytes_per_second_since_start");
                    m.gauge("heapwise_allocation_site_bytes_per_second", "Estimated allocation rate of the top "
                            + TOP_SITES + " sites since the sampler's last reset.", rate instanceof Number n ? n : null,
                            "site", String.valueOf(e.get("site")), "type", String.valueOf(e.get("type")));
                }
            }
        }
    }

    private void leaks(MetricFamilies m) {
        List<Finding> found = s.findings() == null ? null : s.findings().get();
        if (found == null) {
            return;
        }
        m.gauge("heapwise_leak_suspects", "Current findings of the leak detector (idle-heap waste included).", found.size());
        // one label set for every per-finding family, so they join; severity is a value, not a label that
        // would start a new series each time a finding escalates
        for (Finding f : found) {
            String[] l = {"pattern", f.pattern(), "culprit", f.culprit()};
            m.gauge("heapwise_leak_suspect_confidence", "Confidence of each current leak finding, from 0 to 1.", f.confidence(), l);
            m.gauge("heapwise_leak_suspect_severity", "Severity of each current leak finding: 0 info, 1 low, 2 medium, 3 high,"
                    + " 4 critical.", f.severity().ordinal(), l);
            m.gauge("heapwise_leak_suspect_growth_per_second", "Growth per second of each current leak finding, in the unit"
                    + " heapwise_leak_suspect_info names.", f.rate() / 60.0, l);
            m.gauge("heapwise_leak_suspect_info", "Each current leak finding's unit and kind of culprit (value 1).", 1,
                    "pattern", f.pattern(), "culprit", f.culprit(), "unit", f.unit(), "culprit_kind", String.valueOf(f.culpritKind()));
        }
    }

    private void health(MetricFamilies m, MemoryProfile p) {
        if (s.health() == null) {
            return;
        }
        HealthReport h = s.health().evaluate(Instant.now().toString(), p, s.gc().history(16), s.gc().pauseStats(),
                s.findings() == null ? null : s.findings().get());
        m.gauge("heapwise_health_score", "Health score from 0 (critical) to 100.", h.score());
        for (HealthReport.Component c : h.components()) {
            m.gauge("heapwise_health_component_score", "Score of each health component, from 0 to 100.", c.score(),
                    "component", c.name());
        }
    }

    private void alerts(MetricFamilies m) {
        if (s.alerts() == null) {
            return;
        }
        Set<String> firing = new HashSet<>();
        for (Alert a : s.alerts().firing()) {
            firing.add(a.rule());
        }
        for (AlertRule r : s.alerts().rules()) {
            m.gauge("heapwise_alert_firing", "1 while an alert rule fires, else 0.", firing.contains(r.name()) ? 1 : 0,
                    "rule", r.name(), "metric", r.metric());
        }
    }

    private void tuner(MetricFamilies m) {
        if (s.tuner() == null) {
            return;
        }
        Map<String, Object> d = s.tuner().describe();
        m.gauge("heapwise_tuner_mode", "The GC tuner's mode (value 1).", 1, "mode", String.valueOf(d.get("mode")));
        if (d.get("passes") instanceof Number n) {
            m.counter("heapwise_tuner_passes", "Tuning passes run.", n);
        }
        if (d.get("changed_flags") instanceof Map<?, ?> changed) {
            m.gauge("heapwise_tuner_changed_flags", "VM flags the tuner holds away from their original values.", changed.size());
        }
    }

    private void compaction(MetricFamilies m) {
        if (s.compactor() == null) {
            return;
        }
        Map<String, Object> c = s.compactor().stats();
        // the total and the manual ones, each counted on its own: their difference can dip while a manual one runs
        m.counter("heapwise_compactions", "Compactions (full collections) run by the agent.", (Number) c.get("compactions"));
        m.counter("heapwise_compactions_manual", "Compactions asked for over HTTP.", (Number) c.get("manual"));
        m.counter("heapwise_compaction_freed_bytes", "Heap freed by the agent's compactions.", (Number) c.get("freed_bytes_total"));
        m.counter("heapwise_compaction_released_bytes", "Committed heap given back by the agent's compactions.",
                (Number) c.get("committed_released_bytes_total"));
    }

    private void pools(MetricFamilies m) {
        if (s.pools() == null) {
            return;
        }
        for (BufferPool pool : s.pools().all()) {
            Map<String, Object> st = pool.stats();
            String name = pool.name();
            m.counter("heapwise_managed_pool_hits", "Acquisitions a managed buffer pool served from its free buffers.",
                    (Number) st.get("hits"), "pool", name);
            m.counter("heapwise_managed_pool_misses", "Acquisitions that found no free buffer.", (Number) st.get("misses"),
                    "pool", name);
            m.gauge("heapwise_managed_pool_in_use", "Buffers on loan from a managed pool.", (Number) st.get("in_use"), "pool", name);
            m.gauge("heapwise_managed_pool_held_bytes", "Bytes of free buffers a managed pool holds.", (Number) st.get("bytes_held"),
                    "pool", name);
        }
    }
}
