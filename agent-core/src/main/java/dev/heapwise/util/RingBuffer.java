package dev.heapwise.util;

import java.util.ArrayList;
import java.util.List;

/**
 * A fixed-capacity history: adding past capacity drops the oldest element. Thread-safe; readers get
 * copies, so a slow HTTP client never holds the writer up for longer than a copy takes.
 */
public final class RingBuffer<T> {
    private final Object[] items;
    private int next;
    private int size;
    private long added;

    public RingBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.items = new Object[capacity];
    }

    public synchronized void add(T item) {
        items[next] = item;
        next = (next + 1) % items.length;
        if (size < items.length) {
            size++;
        }
        added++;
    }

    public int capacity() {
        return items.length;
    }

    public synchronized int size() {
        return size;
    }

    /** How many were ever added, including those since dropped. */
    public synchronized long totalAdded() {
        return added;
    }

    /** Oldest first. */
    public List<T> toList() {
        return newest(Integer.MAX_VALUE);
    }

    /** The newest {@code limit} items, oldest of them first. */
    @SuppressWarnings("unchecked")
    public synchronized List<T> newest(int limit) {
        int n = Math.min(limit, size);
        List<T> out = new ArrayList<>(n);
        int start = (next - n + items.length) % items.length;
        for (int i = 0; i < n; i++) {
            out.add((T) items[(start + i) % items.length]);
        }
        return out;
    }

    /** The newest item, or null when empty. */
    @SuppressWarnings("unchecked")
    public synchronized T last() {
        return size == 0 ? null : (T) items[(next - 1 + items.length) % items.length];
    }
}
