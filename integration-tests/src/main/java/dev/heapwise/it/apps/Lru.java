package dev.heapwise.it.apps;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** A cache in access order that drops its eldest entry past {@code maxEntries}: the bounded caches' shape. */
final class Lru extends LinkedHashMap<Long, byte[]> {
    private final int maxEntries;

    Lru(int maxEntries) {
        super(16, 0.75f, true);
        this.maxEntries = maxEntries;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
        return size() > maxEntries;
    }

    /** {@code lookups} lookups of random keys out of {@code keys}; a miss loads a value of {@code valueBytes}. */
    void lookUpRandom(int lookups, long keys, int valueBytes) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (int i = 0; i < lookups; i++) {
            long key = r.nextLong(keys);
            if (get(key) == null) {
                put(key, new byte[valueBytes]);
            }
        }
    }
}
