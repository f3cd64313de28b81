package dev.heapwise.gc;

import org.HdrHistogram.Histogram;

/**
 * Durations over a sliding time window, kept as a ring of HdrHistograms, one per tenth of the window:
 * recording is O(1) and bounded in memory whatever the GC rate; a query merges the buckets still
 * inside the window. Values are recorded in microseconds, read back in milliseconds.
 */
public final class PauseWindow {
    private static final int BUCKETS = 10;
    private static final long HIGHEST_MICROS = 3_600_000_000L;

    private final long bucketNanos;
    private final Histogram[] buckets = new Histogram[BUCKETS];
    private final long[] bucketStart = new long[BUCKETS];
    private final long[] bucketSumMicros = new long[BUCKETS];
    private final long windowMs;

    public PauseWindow(long windowMs) {
        this.windowMs = windowMs;
        this.bucketNanos = Math.max(1, windowMs * 1_000_000L / BUCKETS);
        for (int i = 0; i < BUCKETS; i++) {
            buckets[i] = new Histogram(HIGHEST_MICROS, 2);
            bucketStart[i] = Long.MIN_VALUE;
        }
    }

    public synchronized void record(long micros, long nowNanos) {
        long slot = Math.floorDiv(nowNanos, bucketNanos);
        int i = (int) Math.floorMod(slot, BUCKETS);
        long start = slot * bucketNanos;
        if (bucketStart[i] != start) {
            buckets[i].reset();
            bucketSumMicros[i] = 0;
            bucketStart[i] = start;
        }
        long v = Math.max(0, Math.min(micros, HIGHEST_MICROS));
        buckets[i].recordValue(v);
        bucketSumMicros[i] += v;
    }

    public synchronized Stats stats(long nowNanos) {
        Histogram merged = new Histogram(HIGHEST_MICROS, 2);
        long sum = 0;
        long oldest = (Math.floorDiv(nowNanos, bucketNanos) - (BUCKETS - 1)) * bucketNanos;
        for (int i = 0; i < BUCKETS; i++) {
            if (bucketStart[i] != Long.MIN_VALUE && bucketStart[i] >= oldest) {
                merged.add(buckets[i]);
                sum += bucketSumMicros[i];
            }
        }
        long count = merged.getTotalCount();
        if (count == 0) {
            return new Stats(windowMs, 0, 0, null, null, null, null);
        }
        return new Stats(windowMs, count, sum / 1000.0,
                ms(merged.getValueAtPercentile(50)), ms(merged.getValueAtPercentile(95)),
                ms(merged.getValueAtPercentile(99)), ms(merged.getMaxValue()));
    }

    private static double ms(long micros) {
        return Math.round(micros / 10.0) / 100.0;
    }

    /** Percentiles are null when the window holds nothing. */
    public record Stats(long windowMs, long count, double totalMs, Double p50Ms, Double p95Ms, Double p99Ms,
                        Double maxMs) {
    }
}
