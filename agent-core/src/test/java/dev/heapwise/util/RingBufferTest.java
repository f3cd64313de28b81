package dev.heapwise.util;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RingBufferTest {
    @Test
    void keepsTheNewestInOrder() {
        RingBuffer<Integer> r = new RingBuffer<>(3);
        assertThat(r.toList()).isEmpty();
        assertThat(r.last()).isNull();
        for (int i = 1; i <= 5; i++) {
            r.add(i);
        }
        assertThat(r.toList()).containsExactly(3, 4, 5);
        assertThat(r.newest(2)).containsExactly(4, 5);
        assertThat(r.newest(10)).containsExactly(3, 4, 5);
        assertThat(r.last()).isEqualTo(5);
        assertThat(r.size()).isEqualTo(3);
        assertThat(r.totalAdded()).isEqualTo(5);
    }

    @Test
    void capacityMustBePositive() {
        assertThatThrownBy(() -> new RingBuffer<>(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
