package dev.heapwise.health;

/**
 * A piecewise-linear map from a figure (where higher is worse) to a score 100..0, given as
 * breakpoints {@code (figure, score)} in rising order of figure.
 */
final class ScoreCurve {
    private final double[] xs;
    private final double[] ys;

    ScoreCurve(double... pairs) {
        if (pairs.length < 4 || pairs.length % 2 != 0) {
            throw new IllegalArgumentException("need at least two (figure, score) pairs");
        }
        xs = new double[pairs.length / 2];
        ys = new double[pairs.length / 2];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = pairs[2 * i];
            ys[i] = pairs[2 * i + 1];
        }
    }

    int score(double x) {
        if (x <= xs[0]) {
            return (int) Math.round(ys[0]);
        }
        for (int i = 1; i < xs.length; i++) {
            if (x <= xs[i]) {
                double t = (x - xs[i - 1]) / (xs[i] - xs[i - 1]);
                return (int) Math.round(ys[i - 1] + t * (ys[i] - ys[i - 1]));
            }
        }
        return (int) Math.round(ys[ys.length - 1]);
    }
}
