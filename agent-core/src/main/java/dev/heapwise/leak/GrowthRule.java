package dev.heapwise.leak;

import dev.heapwise.config.AgentConfig;
import dev.heapwise.config.ConfigKeys;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * When a rising series is a suspect, the same for every trend-based pattern: enough points over
 * enough time within the window, a rate above the pattern's floor (and above zero) with the configured
 * confidence (the lower bound, not the estimate: a few readings that happen to rise, as collections
 * that fall at random points of a sawtooth do, give a wide bound), a total growth above the floor, and
 * a newer half that still rises at least 70% as fast as the whole (a cache that filled and stopped,
 * or a pool that reached its size, is levelling off).
 */
public record GrowthRule(long windowMs, long minSpanMs, int minPoints, double confidence, double minRatePerMinute,
                         double minGrowth) {
    /**
     * The newer half must rise at least this share of the whole window's rate. A leak keeps its rate
     * (measured: newer/whole 0.95-1.1 on the leak scenarios); a fill that slows, such as the live set of
     * a young JVM whose heap is still being sized, falls below it.
     */
    static final double LEVELLING_RATIO = 0.7;

    /**
     * For gauges that keep a high-water mark (malloc's arenas, pools of buffers): the smaller climb between
     * the window's thirds must be at least this share of their mean climb ({@link Trend#steadiness()}). A
     * steady leak under the readings' noise scores 0.7-1; one burst that needed more than any before raises
     * such a gauge in one step that stays, about 0.
     */
    static final double MIN_STEADINESS = 0.4;

    /**
     * For the same gauges: at least one side of the largest climb between two readings must rise at this
     * share of the whole slope ({@link Trend#outsideStep()}). A leak scores about 1 wherever its noise jumped;
     * a slow drift with one step that stayed scores its drift over the slope the step made (measured on JDK
     * 25 G1 under the healthy sawtooth, native memory: 1 MB/min for 5 minutes, one 30 MB step, then flat,
     * read as 5.8 MB/min with steadiness 0.42: outside the step 0.2).
     */
    static final double MIN_OUTSIDE_STEP = 0.5;

    /**
     * For the same gauges: the newest quarter of the judged span must still rise at this share of the whole
     * slope. A staircase of high-water steps (a few bursts, each needing more than any before) passes the
     * thirds' and the step's tests when its steps fall in different thirds, yet is flat since its last step;
     * a leak is rising now. Measured on JDK 25 G1 under a script engine's hidden-class churn, native memory:
     * 31 MB, then steps to 49, 61 and 90 MB over five minutes, flat for the last 2.5 minutes, read as
     * 6.6 MB/min with steadiness 0.54 and outside the step 0.51.
     */
    static final double MIN_NEWEST_SHARE = 0.5;

    /** The shared settings from configuration, with a pattern's own floors. */
    public static GrowthRule of(AgentConfig config, double minRatePerMinute, double minGrowth) {
        return new GrowthRule(config.get(ConfigKeys.LEAK_WINDOW).toMillis(), config.get(ConfigKeys.LEAK_MIN_DURATION).toMillis(),
                config.get(ConfigKeys.LEAK_MIN_POINTS), config.get(ConfigKeys.LEAK_CONFIDENCE), minRatePerMinute, minGrowth);
    }

    /** The trend when the series is a suspect now, else null. */
    Trend judge(Series series, long nowMs) {
        Trend t = series.trend(nowMs, windowMs, confidence);
        return t != null && holds(t) ? t : null;
    }

    /**
     * As {@link #judge}, and the rise must be spread over the window, not one step (see {@link #MIN_STEADINESS}
     * and {@link #MIN_OUTSIDE_STEP}).
     */
    Trend judgeSpread(Series series, long nowMs) {
        Trend t = judge(series, nowMs);
        return t != null && t.steadiness() >= MIN_STEADINESS && t.outsideStep() >= MIN_OUTSIDE_STEP ? t : null;
    }

    /**
     * As {@link #judgeSpread}, for gauges that keep a high-water mark: and the newest quarter of the span still
     * rises ({@link #MIN_NEWEST_SHARE}), where it has the points to tell.
     */
    Trend judgeHighWater(Series series, long nowMs) {
        Trend t = judgeSpread(series, nowMs);
        if (t == null) {
            return null;
        }
        Trend newest = series.trend(nowMs, (long) (t.spanMinutes() * 60_000 / 4), confidence);
        boolean flatNow = newest != null && newest.slopePerMinute() < MIN_NEWEST_SHARE * t.slopePerMinute();
        return flatNow ? null : t;
    }

    boolean holds(Trend t) {
        return t.points() >= minPoints
                && t.spanMinutes() * 60_000 >= minSpanMs
                && t.risingWithConfidence()
                && t.lowerBoundPerMinute() >= minRatePerMinute
                && t.slopePerMinute() * t.spanMinutes() >= minGrowth
                && !t.levellingOff(LEVELLING_RATIO);
    }

    /** For /leaks/patterns. */
    Map<String, Object> describe(String unit) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("window_ms", windowMs);
        m.put("min_duration_ms", minSpanMs);
        m.put("min_points", minPoints);
        m.put("confidence", confidence);
        m.put("min_rate_per_minute", minRatePerMinute);
        m.put("min_growth", minGrowth);
        m.put("unit", unit);
        m.put("levelling_ratio", LEVELLING_RATIO);
        return m;
    }
}
