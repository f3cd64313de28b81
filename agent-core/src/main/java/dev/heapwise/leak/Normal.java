package dev.heapwise.leak;

/** The standard normal distribution: what the trend's confidence figures are read from. */
final class Normal {
    private Normal() {
    }

    /** P(Z <= z), from the complementary error function (Numerical Recipes' erfc, error below 1.2e-7). */
    static double cdf(double z) {
        return 1 - 0.5 * erfc(z / Math.sqrt(2));
    }

    /** The z with P(Z <= z) = p, for p in (0, 1), by bisection on {@link #cdf}: exact enough and called rarely. */
    static double quantile(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("probability must be in (0, 1): " + p);
        }
        double lo = -10;
        double hi = 10;
        for (int i = 0; i < 80; i++) {
            double mid = (lo + hi) / 2;
            if (cdf(mid) < p) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    private static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
