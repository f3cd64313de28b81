package dev.heapwise.tuner;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Min/MaxHeapFreeRatio pair as the levers that share these two flags (the pressure ladder, heap
 * regrow) propose it; the ledger writes the pair in an order the JVM accepts.
 */
record FreeRatios(long min, long max) {
    static final String MIN = "MinHeapFreeRatio";
    static final String MAX = "MaxHeapFreeRatio";

    /** The values the JVM had before the tuner's first change. */
    static FreeRatios original(TunerContext c) {
        return new FreeRatios(Long.parseLong(c.flags().original(MIN)), Long.parseLong(c.flags().original(MAX)));
    }

    Map<String, String> flags() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(MIN, String.valueOf(min));
        values.put(MAX, String.valueOf(max));
        return values;
    }
}
