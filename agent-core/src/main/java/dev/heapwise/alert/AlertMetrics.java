package dev.heapwise.alert;

import dev.heapwise.gc.GcEvent;
import dev.heapwise.gc.LiveSet;
import dev.heapwise.gc.PauseWindow;
import dev.heapwise.health.HealthReport;
import dev.heapwise.leak.Finding;
import dev.heapwise.profile.MemoryProfile;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The figures alert rules can name, read from one profile, the recent collections, the leak
 * detector's suspects and the health report. A figure that is not known yet (no collection has
 * reported a live set) is absent, and a rule over it does not hold.
 */
public final class AlertMetrics {
    public static final List<String> NAMES = List.of(
            "heap_used_share", "heap_after_gc_share", "gc_time_share", "pause_p99_ms", "allocation_bytes_per_second",
            "leak_suspects", "thread_growth_suspects", "threads_live", "direct_memory_bytes", "metaspace_bytes",
            "rss_bytes", "open_file_descriptors", "file_descriptor_share", "health_score");

    private final Supplier<MemoryProfile> profile;
    private final Supplier<List<GcEvent>> recentGcs;
    private final Supplier<PauseWindow.Stats> pauses;
    private final Supplier<List<Finding>> suspects;
    private final Function<MemoryProfile, HealthReport> health;

    /** @param suspects the leak detector's current findings (idle-heap waste included); returns null when leak detection is off */
    public AlertMetrics(Supplier<MemoryProfile> profile, Supplier<List<GcEvent>> recentGcs, Supplier<PauseWindow.Stats> pauses,
                        Supplier<List<Finding>> suspects, Function<MemoryProfile, HealthReport> health) {
        this.profile = profile;
        this.recentGcs = recentGcs;
        this.pauses = pauses;
        this.suspects = suspects;
        this.health = health;
    }

    public Map<String, Double> read() {
        Map<String, Double> m = new LinkedHashMap<>();
        MemoryProfile p = profile.get();
        long max = p.heap().maxBytes();
        if (max > 0) {
            m.put("heap_used_share", p.heap().usedBytes() / (double) max);
            Long live = LiveSet.lowestRecent(recentGcs.get(), 5);
            if (live != null) {
                m.put("heap_after_gc_share", live / (double) max);
            }
        }
        m.put("gc_time_share", p.gc().pauseTimeShare() != null ? p.gc().pauseTimeShare() : p.gc().pauseTimeShareSinceStart());
        Double p99 = pauses.get().p99Ms();
        m.put("pause_p99_ms", p99 == null ? 0.0 : p99);
        if (p.allocation().bytesPerSecond() != null) {
            m.put("allocation_bytes_per_second", p.allocation().bytesPerSecond());
        }
        List<Finding> found = suspects.get();
        if (found != null) {
            m.put("leak_suspects", (double) found.stream()
                    .filter(f -> !f.pattern().equals("thread-growth") && !f.pattern().equals("idle-heap")).count());
            m.put("thread_growth_suspects", (double) found.stream().filter(f -> f.pattern().equals("thread-growth")).count());
        }
        m.put("threads_live", (double) p.threads().live());
        double direct = 0;
        for (MemoryProfile.BufferPool b : p.bufferPools()) {
            direct += b.usedBytes();
        }
        m.put("direct_memory_bytes", direct);
        for (MemoryProfile.Pool pool : p.pools()) {
            if (pool.name().equals("Metaspace")) {
                m.put("metaspace_bytes", (double) pool.usedBytes());
            }
        }
        if (p.process().rssBytes() != null) {
            m.put("rss_bytes", (double) p.process().rssBytes());
        }
        if (p.fileDescriptors().open() != null) {
            m.put("open_file_descriptors", (double) p.fileDescriptors().open());
        }
        if (p.fileDescriptors().share() != null) {
            m.put("file_descriptor_share", p.fileDescriptors().share());
        }
        m.put("health_score", (double) health.apply(p).score());
        return m;
    }
}
