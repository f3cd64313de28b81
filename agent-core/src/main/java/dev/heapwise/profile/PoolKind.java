package dev.heapwise.profile;

import java.util.Locale;

/**
 * What a memory pool holds, read from its name: the names differ per collector (G1 Eden Space,
 * PS Eden Space, Eden Space; G1 Old Gen, PS Old Gen, Tenured Gen; ZHeap; ZGC Young/Old Generation),
 * so they are matched by what they say, never hard-coded to one collector.
 */
public enum PoolKind {
    EDEN, SURVIVOR, YOUNG, OLD, HEAP, METASPACE, COMPRESSED_CLASS, CODE_CACHE, OTHER;

    public static PoolKind of(String poolName, boolean heap) {
        String n = poolName.toLowerCase(Locale.ROOT);
        if (heap) {
            if (n.contains("eden")) {
                return EDEN;
            }
            if (n.contains("survivor")) {
                return SURVIVOR;
            }
            if (n.contains("young")) {
                return YOUNG;
            }
            if (n.contains("old") || n.contains("tenured")) {
                return OLD;
            }
            return HEAP;
        }
        if (n.contains("metaspace")) {
            return METASPACE;
        }
        if (n.contains("compressed class")) {
            return COMPRESSED_CLASS;
        }
        if (n.contains("codeheap") || n.contains("code cache")) {
            return CODE_CACHE;
        }
        return OTHER;
    }

    /** True for the pool that holds what survives: the old generation, or the single pool of a one-pool heap. */
    public boolean holdsLiveSet() {
        return this == OLD || this == HEAP;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
