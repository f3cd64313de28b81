package dev.heapwise.leak;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TrendTest {
    private static final long MINUTE = 60_000;

    private static Trend trend(double[] values, long stepMs) {
        long[] t = new long[values.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = i * stepMs;
        }
        return Trend.of(t, values, values.length, 0.99);
    }

    @Test
    void aSteadyRiseIsFoundWithItsRateAndAnOutlierDoesNotTiltIt() {
        double[] v = new double[20];
        for (int i = 0; i < v.length; i++) {
            v[i] = 100 + 10 * i; // 10 per half minute = 20 per minute
        }
        v[7] = 5_000; // one wild reading
        Trend t = trend(v, MINUTE / 2);
        assertThat(t.slopePerMinute()).isCloseTo(20, within(0.5));
        assertThat(t.risingWithConfidence()).isTrue();
        assertThat(t.levellingOff(0.5)).isFalse();
        assertThat(t.confidence()).isGreaterThan(0.99);
    }

    @Test
    void noiseAroundAFlatLineIsNotARise() {
        Random r = new Random(42);
        int risingCalls = 0;
        for (int run = 0; run < 200; run++) {
            double[] v = new double[12];
            for (int i = 0; i < v.length; i++) {
                v[i] = 1000 + r.nextGaussian() * 100;
            }
            if (trend(v, MINUTE).risingWithConfidence()) {
                risingCalls++;
            }
        }
        // one-sided 99%: about 2 of 200 by chance; more would mean the bound is too loose
        assertThat(risingCalls).isLessThanOrEqualTo(8);
    }

    @Test
    void aFillThenFlatSeriesIsLevellingOff() {
        double[] v = new double[16];
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.min(i, 6) * 100; // fills over 6 points, then stays
        }
        Trend t = trend(v, MINUTE);
        assertThat(t.slopePerMinute()).isGreaterThan(0);
        assertThat(t.levellingOff(0.5)).isTrue();
    }

    @Test
    void aSawtoothHasNoConfidentTrend() {
        double[] v = new double[24];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i % 4) * 250; // builds in four steps, drops, again
        }
        assertThat(trend(v, MINUTE).risingWithConfidence()).isFalse();
    }

    @Test
    void steadinessTellsAClimbFromAStep() {
        double[] line = new double[30];
        double[] step = new double[30];
        for (int i = 0; i < 30; i++) {
            line[i] = i * 10 + (i % 3) * 4; // a climb with a little noise
            step[i] = (i >= 22 ? 300 : 0) + (i % 3) * 4; // flat, one jump, flat
        }
        long[] even = new long[30];
        for (int i = 0; i < 30; i++) {
            even[i] = i * 10_000L;
        }
        assertThat(Trend.steadiness(even, line, 30)).isGreaterThan(0.8);
        assertThat(Trend.steadiness(even, step, 30)).isLessThan(0.1);
        assertThat(Trend.steadiness(new long[]{0, 1, 2, 3, 4, 5}, new double[]{5, 4, 3, 2, 1, 0}, 6)).isZero();
    }

    @Test
    void aSteadyLeakSampledFastThenSlowlyIsSteady() {
        // markings every 5 s for the first minute, then every 25 s: a straight 60 MB/min line
        long[] t = new long[30];
        double[] v = new double[30];
        for (int i = 0; i < 30; i++) {
            t[i] = i < 12 ? i * 5_000L : 55_000L + (i - 11) * 25_000L;
            v[i] = t[i] / 1000.0 * (1 << 20) + (i % 3) * 200_000; // 1 MB/s with a little noise
        }
        assertThat(Trend.steadiness(t, v, 30)).as("by rates, not by climbs").isGreaterThan(0.8);
    }

    @Test
    void tooFewPointsOrNoSpanSayNothing() {
        assertThat(trend(new double[]{1, 2, 3}, MINUTE)).isNull();
        assertThat(Trend.of(new long[]{5, 5, 5, 5}, new double[]{1, 2, 3, 4}, 4, 0.99)).isNull();
    }

    @Test
    void theNormalQuantileInvertsTheCdf() {
        assertThat(Normal.quantile(0.99)).isCloseTo(2.326, within(0.002));
        assertThat(Normal.quantile(0.5)).isCloseTo(0, within(1e-6));
        assertThat(Normal.cdf(1.96)).isCloseTo(0.975, within(1e-4));
    }

    @Test
    void aLineRisesOnBothSidesOfItsLargestJumpAStepDoesNot() {
        int n = 60;
        long[] t = new long[n];
        double[] line = new double[n];
        double[] step = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i * 5_000L;
            double noise = (i * 7) % 5 - 2;
            line[i] = 100 + i * 0.5 + noise;                        // 6 a minute under noise of +-2
            step[i] = 100 + i * 0.05 + (i >= 40 ? 30 : 0) + noise;  // a slow drift, one step of 30, then the drift
        }
        assertThat(Trend.of(t, line, n, 0.99).outsideStep()).isGreaterThan(0.8);
        assertThat(Trend.of(t, step, n, 0.99).outsideStep()).isLessThan(0.5);
    }
}
