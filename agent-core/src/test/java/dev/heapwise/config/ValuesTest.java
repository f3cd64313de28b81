package dev.heapwise.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValuesTest {

    @Test
    void durationsInEveryUnit() {
        assertThat(Durations.parse("250ms", "x")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("10s", "x")).isEqualTo(Duration.ofSeconds(10));
        assertThat(Durations.parse("5m", "x")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("2h", "x")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse("7", "x")).isEqualTo(Duration.ofSeconds(7));
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.format(Duration.ofMinutes(5))).isEqualTo("5m");
    }

    @Test
    void badDurationsAreRejected() {
        for (String bad : new String[]{"-1s", "abc", "1.5s", "", "s", "99999999999999999h"}) {
            assertThatThrownBy(() -> Durations.parse(bad, "must be a duration"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("must be a duration");
        }
    }

    @Test
    void sizesInEveryUnit() {
        assertThat(Sizes.parse("512k", "x")).isEqualTo(512L * 1024);
        assertThat(Sizes.parse("64m", "x")).isEqualTo(64L << 20);
        assertThat(Sizes.parse("1G", "x")).isEqualTo(1L << 30);
        assertThat(Sizes.parse("100", "x")).isEqualTo(100);
        assertThat(Sizes.parse("2mb", "x")).isEqualTo(2L << 20);
        assertThat(Sizes.format(64L << 20)).isEqualTo("64m");
        assertThatThrownBy(() -> Sizes.parse("-3k", "no")).hasMessage("no");
        assertThatThrownBy(() -> Sizes.parse("lots", "no")).hasMessage("no");
    }

    @Test
    void rangesAreEnforced() {
        ValueType<Integer> port = ValueType.port();
        assertThat(port.parse("0")).isZero();
        assertThatThrownBy(() -> port.parse("65536")).hasMessageContaining("0-65535");
        ValueType<Duration> d = ValueType.duration(Duration.ofMillis(100), Duration.ofHours(1));
        assertThatThrownBy(() -> d.parse("50ms")).hasMessageContaining("from 100ms to 1h");
        ValueType<Long> s = ValueType.size(1024, 1L << 30);
        assertThatThrownBy(() -> s.parse("2g")).hasMessageContaining("from 1k to 1g");
        assertThat(ValueType.bool().parse("on")).isTrue();
        assertThatThrownBy(() -> ValueType.bool().parse("maybe")).hasMessageContaining("true or false");
    }
}
