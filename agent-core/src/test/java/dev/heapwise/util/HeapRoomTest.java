package dev.heapwise.util;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

class HeapRoomTest {
    /** Flags as a map; a flag the map lacks is one this JVM does not have. */
    private static UnaryOperator<String> flags(Map<String, String> values) {
        return values::get;
    }

    @Test
    void roomThatIsFreeIsThere() {
        assertThat(HeapRoom.of(flags(Map.of())).has(4 << 20)).isTrue();
    }

    @Test
    void moreThanTheHeapCanHoldIsNoRoomNotAnError() {
        long beyond = Runtime.getRuntime().maxMemory() + (64L << 20);
        // the figures say no; without probing that is the answer
        assertThat(HeapRoom.of(flags(Map.of("HeapDumpOnOutOfMemoryError", "true"))).has(beyond)).isFalse();
    }

    @Test
    void noProbingWhereTheJvmActsOnAnOutOfMemoryErrorItself() {
        assertThat(HeapRoom.of(flags(Map.of())).mayProbe()).isTrue();
        assertThat(HeapRoom.of(flags(Map.of("HeapDumpOnOutOfMemoryError", "false", "OnOutOfMemoryError", ""))).mayProbe())
                .isTrue();
        for (Map<String, String> acting : java.util.List.of(Map.of("ExitOnOutOfMemoryError", "true"),
                Map.of("CrashOnOutOfMemoryError", "true"), Map.of("HeapDumpOnOutOfMemoryError", "true"),
                Map.of("OnOutOfMemoryError", "kill -9 %p"))) {
            assertThat(HeapRoom.of(flags(acting)).mayProbe()).as(acting.toString()).isFalse();
        }
    }
}
