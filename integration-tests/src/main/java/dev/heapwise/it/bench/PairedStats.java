package dev.heapwise.it.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Statistics for alternating A/B runs on a noisy machine: medians of each side, the median of the
 * per-pair ratios B/A, and a bootstrap confidence interval for that median (resampling pairs).
 */
public final class PairedStats {
    private final double[] a;
    private final double[] b;

    public PairedStats(List<Double> a, List<Double> b) {
        if (a.size() != b.size() || a.isEmpty()) {
            throw new IllegalArgumentException("need the same, positive number of runs on each side");
        }
        this.a = a.stream().mapToDouble(Double::doubleValue).toArray();
        this.b = b.stream().mapToDouble(Double::doubleValue).toArray();
    }

    public static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    public double medianA() {
        return median(a);
    }

    public double medianB() {
        return median(b);
    }

    public double[] ratios() {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = b[i] / a[i];
        }
        return r;
    }

    public double medianRatio() {
        return median(ratios());
    }

    /** {low, high} of a {@code level} (e.g. 0.90) bootstrap interval for the median ratio. */
    public double[] ratioInterval(double level, int resamples, long seed) {
        double[] r = ratios();
        double[] medians = new double[resamples];
        Random random = new Random(seed);
        double[] sample = new double[r.length];
        for (int k = 0; k < resamples; k++) {
            for (int i = 0; i < r.length; i++) {
                sample[i] = r[random.nextInt(r.length)];
            }
            medians[k] = median(sample);
        }
        Arrays.sort(medians);
        double tail = (1 - level) / 2;
        return new double[]{medians[(int) Math.floor(tail * (resamples - 1))],
                medians[(int) Math.ceil((1 - tail) * (resamples - 1))]};
    }

    public String describe(String unit, String aName, String bName) {
        double[] ci = ratioInterval(0.90, 10_000, 42);
        return String.format(Locale.ROOT,
                "%s median %.1f %s, %s median %.1f %s (difference %+.1f %s); median per-pair ratio %.3f, 90%% CI %.3f-%.3f over %d pairs",
                aName, medianA(), unit, bName, medianB(), unit, medianB() - medianA(), unit, medianRatio(), ci[0], ci[1], a.length);
    }
}
