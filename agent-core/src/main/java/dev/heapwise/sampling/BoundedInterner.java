package dev.heapwise.sampling;

import java.util.HashMap;
import java.util.Map;

/**
 * Keeps one copy of each distinct string (class, method and frame names repeat across many sites and
 * stacks), up to a bound: past it, strings are returned as given and simply not shared. Not
 * thread-safe: its owners call it under their own lock.
 */
final class BoundedInterner {
    private final int max;
    private final Map<String, String> pool = new HashMap<>();

    BoundedInterner(int max) {
        this.max = max;
    }

    String intern(String s) {
        String p = pool.get(s);
        if (p != null) {
            return p;
        }
        if (pool.size() < max) {
            pool.put(s, s);
        }
        return s;
    }

    int size() {
        return pool.size();
    }

    void clear() {
        pool.clear();
    }
}
