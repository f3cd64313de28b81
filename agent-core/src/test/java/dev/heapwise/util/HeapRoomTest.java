package dev.heapwise.util;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HeapRoomTest {
    @Test
    void roomThatCanBeAllocatedIsThere() {
        assertThat(HeapRoom.has(4 << 20)).isTrue();
    }

    @Test
    void anAllocationTheJvmRefusesIsNoRoomNotAnError() {
        // past the VM's array size limit: an OutOfMemoryError at once, whatever the heap's size
        assertThat(HeapRoom.has(Integer.MAX_VALUE)).isFalse();
    }
}
