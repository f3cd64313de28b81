package dev.heapwise.leak;

import dev.heapwise.gc.GcEvent;
import dev.heapwise.util.Units;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * heap-growth: the live set, read only where it means something. Between two old-generation markings
 * (see {@code OldGenMarkings}) the lowest old-generation occupancy any collection reported is the
 * best reading of what the application really keeps (G1's mixed collections, a full collection, a ZGC
 * cycle); one point per marking. Young collections alone only ever see the old generation fill up,
 * garbage included, so a point is never taken without a marking.
 */
public final class HeapGrowthPattern implements LeakPattern {
    public static final String NAME = "heap-growth";
    private static final int CAPACITY = 512;

    private final boolean enabled;
    private final GrowthRule rule;
    private final long maxHeapBytes;
    private final Series liveSet = new Series(CAPACITY);
    private double lowestSinceMarking = Double.POSITIVE_INFINITY;
    private long markings;

    public HeapGrowthPattern(boolean enabled, GrowthRule rule, long maxHeapBytes) {
        this.enabled = enabled;
        this.rule = rule;
        this.maxHeapBytes = maxHeapBytes;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean enabled() {
        return enabled;
    }

    /** Every collection: keeps the lowest live-set reading since the last marking. */
    public synchronized void onCollection(GcEvent event) {
        Long live = event.liveSetAfterBytes();
        if (live != null && live > 0) {
            lowestSinceMarking = Math.min(lowestSinceMarking, live);
        }
    }

    /** A marking completed: the lowest reading since the previous one becomes a point. */
    public synchronized void onMarking(long markingsSoFar, long nowMs) {
        markings = markingsSoFar;
        if (lowestSinceMarking != Double.POSITIVE_INFINITY) {
            liveSet.add(nowMs, lowestSinceMarking);
        }
        lowestSinceMarking = Double.POSITIVE_INFINITY;
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = rule.describe("bytes");
        m.put("points_so_far", pointCount());
        return m;
    }

    private synchronized int pointCount() {
        return liveSet.size();
    }

    @Override
    public synchronized List<Finding> detect(long nowMs) {
        Trend t = rule.judge(liveSet, nowMs);
        if (t == null) {
            return List.of();
        }
        double live = liveSet.lastValue();
        Double minutesLeft = maxHeapBytes > 0 ? Math.max(0, (maxHeapBytes - live) / t.slopePerMinute()) : null;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("live_set_bytes", Math.round(live));
        details.put("max_heap_bytes", maxHeapBytes > 0 ? maxHeapBytes : null);
        details.put("projected_minutes_to_max_heap", minutesLeft == null ? null : Units.round3(minutesLeft));
        details.put("projected_full_at", minutesLeft == null ? null
                : Instant.ofEpochMilli(nowMs + (long) (minutesLeft * 60_000)).toString());
        details.put("old_generation_markings", markings);
        details.put("trend", t.describe());
        String summary = String.format("the live set after old-generation collections grows %s/min (%s now%s)",
                Units.bytes(Math.round(t.slopePerMinute())), Units.bytes(Math.round(live)),
                minutesLeft == null ? "" : ", max heap " + Units.bytes(maxHeapBytes) + " reached in " + Units.minutes(minutesLeft));
        return List.of(new Finding(NAME, "heap", "heap", Severity.byTimeLeft(minutesLeft), t.confidence(),
                t.slopePerMinute(), live, "bytes", summary, details, liveSet.points(nowMs, rule.windowMs())));
    }
}
