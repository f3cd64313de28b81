package dev.heapwise.it.apps;

import java.util.HashMap;
import java.util.Map;

/**
 * The shapes of {@link LeakScenarios} that grow for minutes before they stop, which nothing can tell from a leak
 * while they grow: their suspects must end soon after the growth does.
 */
final class SettlingShapes {
    private SettlingShapes() {
    }

    private static final Lru WARMING = new Lru(60_000);

    /** {@code warmup}: 60 lookups a tick of random keys out of 90,000; a miss loads a 2 KB value into a 60,000-entry LRU. */
    static void warmUp() {
        WARMING.lookUpRandom(60, 90_000, 2000);
    }

    private static final Map<Integer, byte[]> REFERENCE_DATA = new HashMap<>();

    /** {@code plateau}: 100 entries of 1 KB a tick for 1,500 ticks, then each tick replaces 100 of them. */
    static void plateau(long tick) {
        for (int i = 0; i < 100; i++) {
            int key = (int) ((tick * 100 + i) % 150_000);
            REFERENCE_DATA.put(key, new byte[1000]);
        }
    }
}
