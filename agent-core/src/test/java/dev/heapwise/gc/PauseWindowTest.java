package dev.heapwise.gc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PauseWindowTest {
    private static final long S = 1_000_000_000L;

    @Test
    void percentilesOfWhatIsInTheWindow() {
        PauseWindow w = new PauseWindow(60_000);
        for (int i = 1; i <= 100; i++) {
            w.record(i * 1000L, 10 * S);
        }
        PauseWindow.Stats s = w.stats(10 * S);
        assertThat(s.count()).isEqualTo(100);
        assertThat(s.p50Ms()).isCloseTo(50, within(1.0));
        assertThat(s.p95Ms()).isCloseTo(95, within(1.5));
        assertThat(s.p99Ms()).isCloseTo(99, within(1.5));
        assertThat(s.maxMs()).isCloseTo(100, within(1.5));
        assertThat(s.totalMs()).isCloseTo(5050, within(0.1));
    }

    @Test
    void oldPausesLeaveTheWindow() {
        PauseWindow w = new PauseWindow(60_000);
        w.record(500_000, 0);
        w.record(2_000, 30 * S);
        assertThat(w.stats(30 * S).maxMs()).isCloseTo(500, within(5.0));
        PauseWindow.Stats later = w.stats(65 * S);
        assertThat(later.count()).isEqualTo(1);
        assertThat(later.maxMs()).isCloseTo(2, within(0.1));
        assertThat(w.stats(200 * S).count()).isZero();
        assertThat(w.stats(200 * S).p99Ms()).isNull();
    }

    @Test
    void aBucketReusedLaterStartsEmpty() {
        PauseWindow w = new PauseWindow(10_000);
        w.record(9_000_000, S / 2);
        w.record(1_000, 10 * S + S / 2); // same bucket index, one window later
        PauseWindow.Stats s = w.stats(10 * S + S / 2);
        assertThat(s.count()).isEqualTo(1);
        assertThat(s.maxMs()).isLessThan(2);
    }
}
