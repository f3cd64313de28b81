package dev.heapwise.leak;

import dev.heapwise.gc.MarkedLiveSet;
import dev.heapwise.util.Units;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * heap-growth: a rising trend in the live set measured at old-generation markings
 * ({@link MarkedLiveSet}): one point per marking, never one from young collections alone.
 *
 * <p>A leak fast enough to fill the heap before the rule's minimum duration has passed would be reported
 * too late to act on, and too late for surviving-allocations to name its site (which needs the old-object
 * sampler running for a marking or two after the first suspect). So a trend that holds over a third of
 * that duration, with its rate's lower bound filling the rest of the heap within twice the full duration
 * (the full rule's wait, then a marking or two to name the site, then someone to act), is a suspect
 * already ({@code "early": true} in its details). A healthy fill meets it only if, at the pessimistic
 * rate, it is heading for the heap's end within minutes and already holds half of it, which deserves the
 * warning anyway.
 */
public final class HeapGrowthPattern extends SwitchedPattern {
    public static final String NAME = "heap-growth";
    private static final int CAPACITY = 512;
    /**
     * The share of max heap the live set must hold before an early suspect: a healthy batch job's first
     * batch rises as fast as any leak (a sawtooth building 300 MB in a 1 GB heap read as an early suspect in
     * a leak probe, and fired the default alert), while a leak fast enough to need the early warning is past
     * half the heap within the early rule's span anyway.
     */
    static final double EARLY_MIN_SHARE = 0.5;

    /**
     * Growth under this share of max heap over the judged span needs twice the rule's markings: a young JVM's
     * live set climbs a few MB a minute while it warms, and five markings can rise in a row (measured on JDK 25
     * G1, a healthy script engine in a 512 MB heap: 5, 12, 13, 15 and 16 MB over 3.7 minutes, read as
     * 2.2 MB/min). A leak that small against the heap has hours to go; one worth an early word grows past it.
     */
    static final double SMALL_GROWTH_SHARE = 0.02;

    private final GrowthRule rule;
    private final GrowthRule earlyRule;
    private final long maxHeapBytes;
    private final Series liveSet = new Series(CAPACITY);
    private long markings;

    public HeapGrowthPattern(boolean enabled, GrowthRule rule, long maxHeapBytes) {
        super(NAME, enabled);
        this.rule = rule;
        this.earlyRule = new GrowthRule(rule.windowMs(), rule.minSpanMs() / 3, rule.minPoints(), rule.confidence(),
                rule.minRatePerMinute(), rule.minGrowth());
        this.maxHeapBytes = maxHeapBytes;
    }

    /** A point of the marked live set (see {@link MarkedLiveSet}). */
    public synchronized void onPoint(long nowMs, long liveBytes, long markingsSoFar) {
        markings = markingsSoFar;
        liveSet.add(nowMs, liveBytes);
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = rule.describe("bytes");
        m.put("min_steadiness", GrowthRule.MIN_STEADINESS);
        m.put("min_outside_step", GrowthRule.MIN_OUTSIDE_STEP);
        m.put("points_so_far", pointCount());
        return m;
    }

    private synchronized int pointCount() {
        return liveSet.size();
    }

    /** The early rule's trend when, at its pessimistic (lower-bound) rate, the heap is full within {@code ms}; else null. */
    private Trend racing(long nowMs, long ms) {
        Trend t = earlyRule.judgeSpread(liveSet, nowMs);
        boolean fills = t != null && maxHeapBytes > 0 && t.lowerBoundPerMinute() > 0
                && liveSet.lastValue() >= EARLY_MIN_SHARE * maxHeapBytes
                && (maxHeapBytes - liveSet.lastValue()) / t.lowerBoundPerMinute() * 60_000 < ms;
        return fills ? t : null;
    }

    /** Growth small against the heap, on fewer than twice the rule's markings (see {@link #SMALL_GROWTH_SHARE}). */
    private boolean thinEvidence(Trend t) {
        return maxHeapBytes > 0 && t.points() < 2 * rule.minPoints()
                && t.slopePerMinute() * t.spanMinutes() < SMALL_GROWTH_SHARE * maxHeapBytes;
    }

    @Override
    public synchronized List<Finding> detect(long nowMs) {
        // spread over the window: a sawtooth's markings can land on rising batches for minutes (measured on
        // JDK 25 G1 under a loaded machine: 31 markings over 2.3 min read as 45 MB/min, the thirds' medians
        // falling back, steadiness -0.11), while a leak climbs in each third
        Trend t = rule.judgeSpread(liveSet, nowMs);
        if (t != null && thinEvidence(t)) {
            t = null;
        }
        boolean early = false;
        if (t == null) {
            t = racing(nowMs, 2 * rule.minSpanMs());
            if (t == null) {
                return List.of();
            }
            early = true;
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
        details.put("early", early);
        String summary = String.format("the live set after old-generation collections grows %s/min (%s now%s)",
                Units.bytes(Math.round(t.slopePerMinute())), Units.bytes(Math.round(live)),
                minutesLeft == null ? "" : ", max heap " + Units.bytes(maxHeapBytes) + " reached in " + Units.minutes(minutesLeft));
        return List.of(new Finding(NAME, "heap", "heap", Severity.byTimeLeft(minutesLeft), t.confidence(),
                t.slopePerMinute(), live, "bytes", summary, details, liveSet.points(nowMs, rule.windowMs())));
    }
}
