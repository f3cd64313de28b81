package dev.heapwise.http;

import dev.heapwise.config.AgentConfig;
import dev.heapwise.gc.GcMonitor;
import dev.heapwise.gc.GcStats;
import dev.heapwise.health.HealthScorer;
import dev.heapwise.profile.MemoryProfile;
import dev.heapwise.profile.MemoryProfiler;
import dev.heapwise.tuner.GcTuner;
import dev.heapwise.leak.Finding;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The read-only endpoints under {@code /v1/memory}: status, profile, profile history, GC statistics,
 * GC history (with the tuner's decisions), health and configuration. Each reads snapshots; none changes the JVM.
 */
public final class MemoryApi {
    public static final String BASE = "/v1/memory";

    private final MemoryProfiler profiler;
    private final GcMonitor gc;
    private final HealthScorer health;
    private final AgentConfig config;
    private final Supplier<Object> status;
    private final GcTuner tuner;
    private final Supplier<List<Finding>> findings;

    public MemoryApi(MemoryProfiler profiler, GcMonitor gc, HealthScorer health, AgentConfig config,
                     Supplier<Object> status, GcTuner tuner, Supplier<List<Finding>> findings) {
        this.tuner = tuner;
        this.findings = findings;
        this.profiler = profiler;
        this.gc = gc;
        this.health = health;
        this.config = config;
        this.status = status;
    }

    public void register(Router router) {
        router.get(BASE + "/status", r -> {
            r.allowOnly();
            return status.get();
        });
        router.get(BASE + "/profile", r -> {
            r.allowOnly();
            return profiler.sample();
        });
        router.get(BASE + "/profile/history", r -> {
            r.allowOnly("limit");
            int limit = r.intParam("limit", 1, profiler.historyCapacity(), profiler.historyCapacity());
            List<MemoryProfile> items = profiler.history(limit);
            return page(profiler.historyCapacity(), "profiles", items);
        });
        router.get(BASE + "/gc/stats", r -> {
            r.allowOnly();
            return GcStats.of(gc, ManagementFactory.getRuntimeMXBean().getUptime());
        });
        router.get(BASE + "/gc/history", r -> {
            r.allowOnly("limit");
            int limit = r.intParam("limit", 1, Math.max(gc.historyCapacity(), tunerCapacity()),
                    Math.max(gc.historyCapacity(), tunerCapacity()));
            Map<String, Object> body = page(gc.historyCapacity(), "events", gc.history(limit));
            body.putAll(TunerApi.history(tuner, limit));
            return body;
        });
        router.get(BASE + "/health", r -> {
            r.allowOnly();
            return health.evaluate(Instant.now().toString(), profiler.sample(), gc.history(16), gc.pauseStats(),
                    findings.get());
        });
        router.get(BASE + "/config", r -> {
            r.allowOnly();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("profile", config.profile().id());
            body.put("keys", config.describe());
            body.put("problems", config.problems());
            return body;
        });
    }

    private int tunerCapacity() {
        return tuner == null ? 0 : tuner.historyCapacity();
    }

    private static Map<String, Object> page(int capacity, String name, List<?> items) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("capacity", capacity);
        body.put("count", items.size());
        body.put(name, items);
        return body;
    }
}
