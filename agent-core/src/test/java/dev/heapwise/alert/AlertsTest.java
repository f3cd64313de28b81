package dev.heapwise.alert;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlertsTest {
    private final Map<String, Double> values = new HashMap<>();
    private long nanos;

    private Alerts alerts(String rules) {
        return new Alerts(AlertRule.parseAll(rules), () -> values, () -> nanos, () -> Instant.ofEpochSecond(nanos / 1_000_000_000L), 10);
    }

    private void advance(long ms) {
        nanos += ms * 1_000_000;
    }

    @Test
    void firesOnlyAfterHoldingForItsDurationAndResolvesAtOnce() {
        Alerts a = alerts("heap_after_gc_share > 0.85 for 1m");
        values.put("heap_after_gc_share", 0.9);
        a.evaluate();
        advance(30_000);
        a.evaluate();
        assertThat(a.firing()).isEmpty();
        values.put("heap_after_gc_share", 0.5); // a dip restarts the clock
        a.evaluate();
        values.put("heap_after_gc_share", 0.9);
        advance(10_000);
        a.evaluate();
        advance(59_000);
        a.evaluate();
        assertThat(a.firing()).isEmpty();
        advance(1_000);
        a.evaluate();
        assertThat(a.firing()).singleElement().satisfies(x -> {
            assertThat(x.state()).isEqualTo("firing");
            assertThat(x.value()).isEqualTo(0.9);
        });
        values.put("heap_after_gc_share", 0.95);
        a.evaluate();
        assertThat(a.firing().get(0).lastValue()).isEqualTo(0.95);
        values.put("heap_after_gc_share", 0.2);
        a.evaluate();
        assertThat(a.firing()).isEmpty();
        @SuppressWarnings("unchecked")
        List<Alert> resolved = (List<Alert>) a.report(10).get("resolved");
        assertThat(resolved).singleElement().satisfies(x -> {
            assertThat(x.state()).isEqualTo("resolved");
            assertThat(x.resolvedAt()).isNotNull();
            assertThat(x.lastValue()).isEqualTo(0.2);
        });
    }

    @Test
    void anUnknownFigureNeverHoldsAndResolvesAFiringAlert() {
        Alerts a = alerts("leak_suspects > 0");
        a.evaluate();
        assertThat(a.firing()).isEmpty();
        values.put("leak_suspects", 1.0);
        a.evaluate();
        assertThat(a.firing()).hasSize(1);
        values.remove("leak_suspects");
        a.evaluate();
        assertThat(a.firing()).isEmpty();
    }

    @Test
    void rulesParseWithEveryComparisonAndBadOnesSayWhy() {
        List<AlertRule> rules = AlertRule.parseAll("gc_time_share>=0.1 for 30s; health_score < 50 ;pause_p99_ms<=200;threads_live > 500 for 2m");
        assertThat(rules).extracting(AlertRule::name).containsExactly("gc_time_share >= 0.1 for 30s", "health_score < 50",
                "pause_p99_ms <= 200", "threads_live > 500 for 2m");
        assertThat(rules.get(0).forMs()).isEqualTo(30_000);
        assertThat(rules.get(1).holds(49)).isTrue();
        assertThat(rules.get(1).holds(50)).isFalse();
        assertThat(AlertRule.parseAll("none")).isEmpty();
        assertThatThrownBy(() -> AlertRule.parseAll("heap_used > 0.5")).hasMessageContaining("heap_used")
                .hasMessageContaining("heap_used_share");
        assertThatThrownBy(() -> AlertRule.parseAll("gc_time_share = 0.5")).hasMessageContaining("'gc_time_share = 0.5'");
        assertThatThrownBy(() -> AlertRule.parseAll("gc_time_share > 0.5 for ever")).isInstanceOf(IllegalArgumentException.class);
    }
}
