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
    /** Distinct frames pooled per stack the table holds: frames repeat across stacks, so far fewer are needed. */
    private static final int POOLED_FRAMES_PER_STACK = 8;

    private final int capacity;
    private final int maxPooledFrames;
    private final Map<Key, Entry> entries = new HashMap<>();
    private final BoundedInterner framePool;

    StackTable(int capacity) {
        this.capacity = Math.max(1, capacity);
        this.maxPooledFrames = this.capacity * POOLED_FRAMES_PER_STACK;
        this.framePool = new BoundedInterner(maxPooledFrames);
    }

    void add(String[] frames, double bytes, int site) {
        if (framePool.size() >= maxPooledFrames) {
            // the pool only shares text between stacks: emptied when full, so frames of evicted stacks
            // never accumulate in it (stacks still held keep their own strings)
            framePool.clear();
        }
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
