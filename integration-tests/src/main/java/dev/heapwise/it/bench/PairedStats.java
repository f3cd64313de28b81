package dev.heapwise.it.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Statistics for alternating A/B runs on a noisy machine: medians of each side, the median of the
 * per-pair ratios B/A, and a bootstrap confidence interval for that median. Pairs may come in clusters
 * (the slices of one pair of kept-warm JVMs share that pair's JIT and heap layout, so they are not
 * independent): then the bootstrap resamples clusters first and pairs within each drawn cluster, and the
 * interval is as wide as the differences between clusters make it.
 */
public final class PairedStats {
    private final double[] a;
    private final double[] b;
    /** Each pair's cluster; every pair its own when not given. */
    private final int[] cluster;

    public PairedStats(List<Double> a, List<Double> b) {
        this(a, b, null);
    }

    public PairedStats(List<Double> a, List<Double> b, List<Integer> clusters) {
        if (a.size() != b.size() || a.isEmpty() || (clusters != null && clusters.size() != a.size())) {
            throw new IllegalArgumentException("need the same, positive number of runs on each side (and a cluster for each pair)");
        }
        this.a = a.stream().mapToDouble(Double::doubleValue).toArray();
        this.b = b.stream().mapToDouble(Double::doubleValue).toArray();
        this.cluster = new int[this.a.length];
        for (int i = 0; i < cluster.length; i++) {
            cluster[i] = clusters == null ? i : clusters.get(i);
        }
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
        double[][] byCluster = ratiosByCluster();
        double[] medians = new double[resamples];
        Random random = new Random(seed);
        double[] sample = new double[a.length];
        for (int k = 0; k < resamples; k++) {
            int n = 0;
            for (int c = 0; c < byCluster.length; c++) {
                double[] drawn = byCluster[random.nextInt(byCluster.length)];
                for (int i = 0; i < drawn.length; i++) {
                    if (n == sample.length) {
                        sample = Arrays.copyOf(sample, n * 2);
                    }
                    sample[n++] = drawn[random.nextInt(drawn.length)];
                }
            }
            medians[k] = median(Arrays.copyOf(sample, n));
        }
        Arrays.sort(medians);
        double tail = (1 - level) / 2;
        return new double[]{medians[(int) Math.floor(tail * (resamples - 1))],
                medians[(int) Math.ceil((1 - tail) * (resamples - 1))]};
    }

    /** The median ratio of each cluster, in the order the clusters first appear. */
    public double[] clusterMedians() {
        double[][] byCluster = ratiosByCluster();
        double[] out = new double[byCluster.length];
        for (int c = 0; c < out.length; c++) {
            out[c] = median(byCluster[c]);
        }
        return out;
    }

    private double[][] ratiosByCluster() {
        double[] r = ratios();
        Map<Integer, List<Double>> groups = new LinkedHashMap<>();
        for (int i = 0; i < r.length; i++) {
            groups.computeIfAbsent(cluster[i], c -> new ArrayList<>()).add(r[i]);
        }
        return groups.values().stream().map(g -> g.stream().mapToDouble(Double::doubleValue).toArray()).toArray(double[][]::new);
    }

    public String describe(String unit, String aName, String bName) {
        double[] ci = ratioInterval(0.90, 10_000, 42);
        return String.format(Locale.ROOT,
                "%s median %.1f %s, %s median %.1f %s (difference %+.1f %s); median per-pair ratio %.3f, 90%% CI %.3f-%.3f over %d pairs",
                aName, medianA(), unit, bName, medianB(), unit, medianB() - medianA(), unit, medianRatio(), ci[0], ci[1], a.length);
    }
}
