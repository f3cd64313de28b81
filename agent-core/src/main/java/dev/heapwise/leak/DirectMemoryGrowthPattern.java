package dev.heapwise.leak;

import dev.heapwise.util.Units;

import java.lang.management.BufferPoolMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * direct-memory-growth: the JVM's buffer pools (direct, mapped) trend up in bytes: buffers kept
 * reachable (a list, a cache without bound, a channel never closed) hold native memory the heap
 * figures never show. Severity from the time left until {@code MaxDirectMemorySize} at this rate.
 */
public final class DirectMemoryGrowthPattern extends SwitchedPattern {
    public static final String NAME = "direct-memory-growth";
    private static final int POINTS = 512;

    private final List<BufferPoolMXBean> pools;
    private final GrowthRule rule;
    private final long maxDirectBytes;
    private final KeyedSeries<String> bytes = new KeyedSeries<>(8, POINTS);
    private final Map<String, long[]> latest = new HashMap<>();

    /** @param maxDirectBytes the direct memory limit, or -1 when unknown */
    public DirectMemoryGrowthPattern(boolean enabled, List<BufferPoolMXBean> pools, GrowthRule rule, long maxDirectBytes) {
        super(NAME, enabled);
        this.pools = List.copyOf(pools);
        this.rule = rule;
        this.maxDirectBytes = maxDirectBytes;
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = rule.describe("bytes");
        m.put("min_steadiness", GrowthRule.MIN_STEADINESS);
        m.put("min_outside_step", GrowthRule.MIN_OUTSIDE_STEP);
        m.put("min_newest_share", GrowthRule.MIN_NEWEST_SHARE);
        m.put("max_direct_memory_bytes", maxDirectBytes < 0 ? null : maxDirectBytes);
        return m;
    }

    @Override
    public void sample(long nowMs) {
        Map<String, Double> values = new HashMap<>();
        Map<String, long[]> read = new HashMap<>();
        for (BufferPoolMXBean p : pools) {
            values.put(p.getName(), (double) Math.max(0, p.getMemoryUsed()));
            read.put(p.getName(), new long[]{p.getCount(), p.getMemoryUsed(), p.getTotalCapacity()});
        }
        synchronized (this) {
            bytes.record(nowMs, values, 8);
            latest.clear();
            latest.putAll(read);
        }
    }

    @Override
    public synchronized List<Finding> detect(long nowMs) {
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<String, Series> e : bytes.all().entrySet()) {
            // pools keep their high-water mark (the JDK's per-thread temporary buffers grow to the largest I/O)
            Trend t = rule.judgeHighWater(e.getValue(), nowMs);
            if (t == null) {
                continue;
            }
            long[] now = latest.getOrDefault(e.getKey(), new long[3]);
            boolean direct = e.getKey().equals("direct");
            Double minutesLeft = direct && maxDirectBytes > 0 ? Math.max(0, (maxDirectBytes - now[1]) / t.slopePerMinute()) : null;
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("pool", e.getKey());
            details.put("buffers", now[0]);
            details.put("used_bytes", now[1]);
            details.put("capacity_bytes", now[2]);
            details.put("max_direct_memory_bytes", direct && maxDirectBytes > 0 ? maxDirectBytes : null);
            details.put("projected_minutes_to_limit", minutesLeft == null ? null : Units.round3(minutesLeft));
            details.put("trend", t.describe());
            String summary = String.format("the %s buffer pool keeps growing: %s/min, %s in %d buffers now%s", e.getKey(),
                    Units.bytes(Math.round(t.slopePerMinute())), Units.bytes(now[1]), now[0],
                    minutesLeft == null ? "" : ", its limit reached in " + Units.minutes(minutesLeft));
            out.add(new Finding(NAME, e.getKey(), "buffer_pool", Severity.byTimeLeft(minutesLeft), t.confidence(),
                    t.slopePerMinute(), now[1], "bytes", summary, details, e.getValue().points(nowMs, rule.windowMs())));
        }
        return out;
    }
}
