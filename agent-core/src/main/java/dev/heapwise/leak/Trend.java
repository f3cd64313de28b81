package dev.heapwise.leak;

import java.util.Arrays;

/**
 * A robust trend of a series of (time, value) points: the Theil-Sen slope (the median of the slopes
 * between every pair of points, so a few outliers, such as a collection that happened to run in the
 * middle of a burst, cannot tilt it), Sen's one-sided lower confidence bound on that slope, and the
 * Mann-Kendall probability that the series rises. Slopes are in value units per minute.
 *
 * <p>Levelling off: the same slope over the newer half of the points. A leak keeps its rate; a cache
 * that fills and then stops does not, so a newer slope far below the whole one means "not a leak
 * (any more)".
 *
 * <p>Steadiness: how evenly the rise is spread. The points fall in three thirds, each summed up by its
 * median value at its median time; a leak climbs from the first to the second at the rate it climbs from the
 * second to the third (1), while a high-water mark that jumped once and stayed (a malloc arena after one big
 * burst) has all of its rise in one step (0 or below). Rates, not climbs: markings come every few seconds
 * early in a JVM's life and every half minute later, so thirds of the points are thirds of very different
 * times, and a steady 1 MB/s leak read as 0.35 by climbs and was dropped and raised again (a leak probe).
 *
 * <p>Outside the step: the series is cut at its largest climb between two consecutive points, and the
 * faster of the two sides' own Theil-Sen slopes is set against the whole slope. A leak rises on both
 * sides of wherever its noise jumped most (about 1); a gauge that drifted slowly and then jumped once,
 * as malloc's high-water mark does after one burst, owes its slope to the step (well below 1), however
 * its thirds happen to fall.
 */
public record Trend(int points, double spanMinutes, double slopePerMinute, double lowerBoundPerMinute,
                    double confidence, double recentSlopePerMinute, double first, double last, double steadiness,
                    double outsideStep) {

    /** Fewer points than this say nothing (the confidence bound needs at least a handful of pairs). */
    public static final int MIN_POINTS = 4;

    /**
     * @param timesMs    point times in milliseconds, ascending
     * @param values     the values at those times
     * @param confidence the one-sided confidence of the lower bound, e.g. 0.99
     * @return null when there are fewer than {@link #MIN_POINTS} points or they span no time
     */
    public static Trend of(long[] timesMs, double[] values, int n, double confidence) {
        if (n < MIN_POINTS || timesMs[n - 1] <= timesMs[0]) {
            return null;
        }
        double[] slopes = slopes(timesMs, values, 0, n);
        double slope = median(slopes);
        // Sen (1968): with N pair slopes sorted ascending, the lower bound is the slope of rank (N - C) / 2,
        // C = z * sqrt(Var S), Var S = n (n - 1) (2n + 5) / 18 (the Mann-Kendall statistic's variance).
        double varS = n * (n - 1.0) * (2.0 * n + 5.0) / 18.0;
        double c = Normal.quantile(confidence) * Math.sqrt(varS);
        int lowerRank = (int) Math.floor((slopes.length - c) / 2.0);
        double lower = lowerRank < 0 ? Double.NEGATIVE_INFINITY : slopes[Math.min(lowerRank, slopes.length - 1)];
        int half = n / 2;
        int from = Math.max(0, Math.min(half, n - MIN_POINTS + 1));
        double recent = n - from >= 2 && timesMs[n - 1] > timesMs[from] ? median(slopes(timesMs, values, from, n)) : slope;
        return new Trend(n, (timesMs[n - 1] - timesMs[0]) / 60_000.0, slope, lower, risingProbability(values, n),
                recent, values[0], values[n - 1], steadiness(timesMs, values, n), outsideStep(timesMs, values, n, slope));
    }

    /** True when the slope is positive with the requested confidence. */
    public boolean risingWithConfidence() {
        return lowerBoundPerMinute > 0;
    }

    /** True when the newer half rises at less than {@code ratio} of the whole series' rate. */
    public boolean levellingOff(double ratio) {
        return recentSlopePerMinute < ratio * slopePerMinute;
    }

    /**
     * The slower of the two climbs between the thirds' medians, as a rate over their median times, against the
     * rate from the first third to the last: 1 for a straight line however its points are spaced, about 0 for
     * one step, below 0 when a third falls back; 0 when the series does not rise.
     */
    static double steadiness(long[] t, double[] v, int n) {
        int third = n / 3;
        if (third < 1) {
            return 0;
        }
        double m1 = median(sortedCopy(v, 0, third));
        double m2 = median(sortedCopy(v, third, n - third));
        double m3 = median(sortedCopy(v, n - third, n));
        double t1 = medianTime(t, 0, third);
        double t2 = medianTime(t, third, n - third);
        double t3 = medianTime(t, n - third, n);
        if (!(t1 < t2 && t2 < t3) || m3 <= m1) {
            return 0;
        }
        double mean = (m3 - m1) / (t3 - t1);
        return Math.min((m2 - m1) / (t2 - t1), (m3 - m2) / (t3 - t2)) / mean;
    }

    /** The median of ascending times from {@code from} (inclusive) to {@code to} (exclusive). */
    private static double medianTime(long[] t, int from, int to) {
        int k = to - from;
        return k % 2 == 1 ? t[from + k / 2] : (t[from + k / 2 - 1] + (double) t[from + k / 2]) / 2;
    }

    /**
     * The faster side's slope, either side of the largest climb between consecutive points, over the whole
     * slope; 1 when neither side has the points for a slope of its own, 0 when the series does not rise.
     */
    static double outsideStep(long[] t, double[] v, int n, double slope) {
        if (slope <= 0) {
            return 0;
        }
        int cut = 1;
        for (int i = 2; i < n; i++) {
            if (v[i] - v[i - 1] > v[cut] - v[cut - 1]) {
                cut = i;
            }
        }
        double side = Double.NEGATIVE_INFINITY;
        if (cut >= SIDE_POINTS && t[cut - 1] > t[0]) {
            side = median(slopes(t, v, 0, cut));
        }
        if (n - cut >= SIDE_POINTS && t[n - 1] > t[cut]) {
            side = Math.max(side, median(slopes(t, v, cut, n)));
        }
        return side == Double.NEGATIVE_INFINITY ? 1 : side / slope;
    }

    /** Points a side of the step needs for a slope of its own. */
    private static final int SIDE_POINTS = 3;

    private static double[] sortedCopy(double[] v, int from, int to) {
        double[] c = Arrays.copyOfRange(v, from, to);
        Arrays.sort(c);
        return c;
    }

    /** The figures behind a judgement, for a report's details. */
    public java.util.Map<String, Object> describe() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("points", points);
        m.put("span_minutes", round(spanMinutes));
        m.put("slope_per_minute", round(slopePerMinute));
        m.put("lower_bound_per_minute", round(lowerBoundPerMinute));
        m.put("recent_slope_per_minute", round(recentSlopePerMinute));
        m.put("rising_probability", round(confidence));
        m.put("steadiness", round(steadiness));
        m.put("outside_step", round(outsideStep));
        return m;
    }

    private static double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 1000.0) / 1000.0 : v;
    }

    /** Sorted slopes (per minute) between every pair of points in [from, to) that are apart in time. */
    private static double[] slopes(long[] t, double[] v, int from, int to) {
        int m = to - from;
        double[] out = new double[m * (m - 1) / 2];
        int k = 0;
        for (int i = from; i < to; i++) {
            for (int j = i + 1; j < to; j++) {
                if (t[j] > t[i]) {
                    out[k++] = (v[j] - v[i]) / ((t[j] - t[i]) / 60_000.0);
                }
            }
        }
        double[] s = Arrays.copyOf(out, k);
        Arrays.sort(s);
        return s;
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        if (n == 0) {
            return 0;
        }
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Mann-Kendall: the normal approximation of P(the series rises), with the continuity correction. */
    private static double risingProbability(double[] v, int n) {
        long s = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                s += Double.compare(v[j], v[i]);
            }
        }
        double sd = Math.sqrt(n * (n - 1.0) * (2.0 * n + 5.0) / 18.0);
        double z = s > 0 ? (s - 1) / sd : s < 0 ? (s + 1) / sd : 0;
        return Normal.cdf(z);
    }
}
