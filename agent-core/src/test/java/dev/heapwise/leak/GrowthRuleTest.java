package dev.heapwise.leak;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GrowthRuleTest {
    private static final long SECOND = 1000;
    private final GrowthRule rule = new GrowthRule(15 * 60 * SECOND, 90 * SECOND, 5, 0.99, 1024, 0);

    private static Series series(double perPoint, int points, long stepMs) {
        Series s = new Series(100);
        for (int i = 0; i < points; i++) {
            s.add(i * stepMs, 1_000_000 + i * perPoint);
        }
        return s;
    }

    @Test
    void aLeakOverEnoughTimeAndPointsIsASuspect() {
        Series s = series(300_000, 12, 15 * SECOND); // 1.2 MB/min over 2.75 min
        assertThat(rule.judge(s, 11 * 15 * SECOND)).isNotNull();
    }

    @Test
    void tooShortTooFewOrTooSlowIsNot() {
        assertThat(rule.judge(series(300_000, 12, 5 * SECOND), 55 * SECOND)).as("55 s of growth").isNull();
        assertThat(rule.judge(series(300_000, 4, 60 * SECOND), 180 * SECOND)).as("four points").isNull();
        assertThat(rule.judge(series(100, 12, 15 * SECOND), 165 * SECOND)).as("400 B/min").isNull();
    }

    @Test
    void pointsOlderThanTheWindowAreIgnored() {
        Series s = series(300_000, 12, 15 * SECOND);
        assertThat(rule.judge(s, 11 * 15 * SECOND + 16 * 60 * SECOND)).isNull();
    }

    @Test
    void aLongSeriesIsThinnedForItsTrendAndStillJudgedTheSame() {
        Series s = new Series(600);
        for (int i = 0; i < 500; i++) {
            s.add(i * SECOND, 1_000_000 + i * 20_000.0 + (i % 7) * 5_000); // 1.2 MB/min with a ripple
        }
        Trend t = s.trend(499 * SECOND, 15 * 60 * SECOND, 0.99);
        assertThat(t.points()).isEqualTo(Series.MAX_TREND_POINTS);
        assertThat(t.slopePerMinute()).isBetween(1_100_000.0, 1_300_000.0);
        assertThat(rule.judge(s, 499 * SECOND)).isNotNull();
    }
}
