package dev.heapwise.leak;

import java.util.ArrayList;
import java.util.List;

/**
 * A bounded series of (time, value) points, oldest first: the evidence behind one trend. Adding past
 * capacity drops the oldest point. Not thread-safe: each series belongs to one pattern, which guards it.
 */
final class Series {
    private final long[] times;
    private final double[] values;
    private int start;
    private int size;

    Series(int capacity) {
        this.times = new long[Math.max(Trend.MIN_POINTS, capacity)];
        this.values = new double[times.length];
    }

    void add(long timeMs, double value) {
        int i = (start + size) % times.length;
        if (size == times.length) {
            start = (start + 1) % times.length;
        } else {
            size++;
        }
        times[i] = timeMs;
        values[i] = value;
    }

    int size() {
        return size;
    }

    void clear() {
        start = 0;
        size = 0;
    }

    double lastValue() {
        return size == 0 ? Double.NaN : values[(start + size - 1) % times.length];
    }

    long lastTime() {
        return size == 0 ? Long.MIN_VALUE : times[(start + size - 1) % times.length];
    }

    /**
     * Points a trend is computed on at most: Theil-Sen takes every pair, so a window of many readings is
     * thinned evenly (first and last kept) to this many, which keeps a pass over a hundred series cheap.
     */
    static final int MAX_TREND_POINTS = 64;

    /** The trend of the points no older than {@code windowMs} before {@code nowMs}, or null with too few. */
    Trend trend(long nowMs, long windowMs, double confidence) {
        long[] t = new long[size];
        double[] v = new double[size];
        int n = 0;
        for (int k = 0; k < size; k++) {
            int i = (start + k) % times.length;
            if (nowMs - times[i] <= windowMs) {
                t[n] = times[i];
                v[n] = values[i];
                n++;
            }
        }
        if (n > MAX_TREND_POINTS) {
            long[] tt = new long[MAX_TREND_POINTS];
            double[] vv = new double[MAX_TREND_POINTS];
            for (int k = 0; k < MAX_TREND_POINTS; k++) {
                int i = (int) Math.round(k * (n - 1) / (double) (MAX_TREND_POINTS - 1));
                tt[k] = t[i];
                vv[k] = v[i];
            }
            return Trend.of(tt, vv, MAX_TREND_POINTS, confidence);
        }
        return Trend.of(t, v, n, confidence);
    }

    /** The points within the window, oldest first, for a report's evidence. */
    List<Point> points(long nowMs, long windowMs) {
        List<Point> out = new ArrayList<>();
        for (int k = 0; k < size; k++) {
            int i = (start + k) % times.length;
            if (nowMs - times[i] <= windowMs) {
                out.add(new Point(times[i], values[i]));
            }
        }
        return out;
    }
}
