package dev.heapwise.sampling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sampled stacks with their estimated bytes, at most {@code capacity} of them. When full, a new stack
 * replaces the lightest one and inherits its weight (the space-saving rule): the heaviest stacks are
 * kept, and any stack's figure overstates it by at most the weight it inherited, which is reported.
 * Frame strings are pooled (bounded), so stacks sharing frames share their text. Not thread-safe:
 * the sampler calls it under its lock.
 */
final class StackTable {
    private static final int MAX_POOLED_FRAMES = 100_000;

    private final int capacity;
    private final Map<Key, Entry> entries = new HashMap<>();
    private final BoundedInterner framePool = new BoundedInterner(MAX_POOLED_FRAMES);

    StackTable(int capacity) {
        this.capacity = Math.max(1, capacity);
    }

    void add(String[] frames, double bytes, int site) {
        for (int i = 0; i < frames.length; i++) {
            frames[i] = framePool.intern(frames[i]);
        }
        Key key = new Key(frames);
        Entry e = entries.get(key);
        if (e == null) {
            double inherited = 0;
            if (entries.size() >= capacity) {
                Entry lightest = null;
                for (Entry candidate : entries.values()) {
                    if (lightest == null || candidate.bytes < lightest.bytes) {
                        lightest = candidate;
                    }
                }
                entries.remove(lightest.key);
                inherited = lightest.bytes;
            }
            e = new Entry(key, site, inherited);
            entries.put(key, e);
        }
        e.bytes += bytes;
        e.samples++;
    }

    List<Entry> top(int n) {
        List<Entry> all = new ArrayList<>(entries.values());
        all.sort((a, b) -> Double.compare(b.bytes, a.bytes));
        return all.subList(0, Math.min(n, all.size()));
    }

    int size() {
        return entries.size();
    }

    void clear() {
        entries.clear();
        framePool.clear();
    }

    static final class Entry {
        final Key key;
        final int site;
        final double inheritedBytes;
        double bytes;
        long samples;

        Entry(Key key, int site, double inherited) {
            this.key = key;
            this.site = site;
            this.inheritedBytes = inherited;
            this.bytes = inherited;
        }

        List<String> frames() {
            return List.of(key.frames);
        }
    }

    static final class Key {
        final String[] frames;
        private final int hash;

        Key(String[] frames) {
            this.frames = frames;
            this.hash = Arrays.hashCode(frames);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && ((Key) o).hash == hash && Arrays.equals(((Key) o).frames, frames);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
