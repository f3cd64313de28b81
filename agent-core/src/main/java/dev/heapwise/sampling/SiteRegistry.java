package dev.heapwise.sampling;

import java.util.Arrays;

/**
 * The allocation sites found at transform time, by id. Ids are dense from 1 and baked into rewritten
 * bytecode, so a site keeps its id for the life of the JVM; the same site seen again (the class loaded
 * by a second loader, or retransformed) gets its old id back. Bounded: past {@code capacity} sites,
 * new ones share id 0, reported as "other sites". Names are interned in a pool of their own, so a
 * hundred sites in one method hold one copy of its class and method names.
 */
public final class SiteRegistry {
    public static final int OVERFLOW = 0;
    private static final int MAX_POOLED_NAMES = 200_000;

    private final int capacity;
    private final LongIntMap byKey;
    private final BoundedInterner names = new BoundedInterner(MAX_POOLED_NAMES);
    private String[] className = new String[64];
    private String[] methodName = new String[64];
    private String[] fileName = new String[64];
    private String[] type = new String[64];
    private int[] line = new int[64];
    private byte[] kind = new byte[64];
    private int next = 1;
    private long overflowed;

    public SiteRegistry(int capacity) {
        this.capacity = Math.max(1, capacity);
        this.byKey = new LongIntMap(Math.min(this.capacity, 1 << 16));
        className[0] = "(other sites)";
        methodName[0] = "(registry full)";
        type[0] = "(various)";
    }

    /**
     * The id of a site, registering it if new.
     *
     * @param ordinal the site's position among the allocation sites of its method: with the class,
     *                method and descriptor it identifies the site across loaders and retransforms
     */
    public synchronized int register(String cls, String method, String descriptor, int ordinal, String file,
                                     int lineNumber, String allocatedType, String siteKind) {
        long key = key(cls, method, descriptor, ordinal);
        int known = byKey.get(key);
        if (known > 0) {
            return known;
        }
        if (next > capacity) {
            overflowed++;
            return OVERFLOW;
        }
        int id = next++;
        if (id >= className.length) {
            int size = (int) Math.min((long) capacity + 1, className.length * 2L);
            className = Arrays.copyOf(className, size);
            methodName = Arrays.copyOf(methodName, size);
            fileName = Arrays.copyOf(fileName, size);
            type = Arrays.copyOf(type, size);
            line = Arrays.copyOf(line, size);
            kind = Arrays.copyOf(kind, size);
        }
        className[id] = names.intern(cls);
        methodName[id] = names.intern(method);
        fileName[id] = file == null ? null : names.intern(file);
        type[id] = names.intern(allocatedType);
        line[id] = lineNumber;
        kind[id] = (byte) ("object".equals(siteKind) ? 0 : "array".equals(siteKind) ? 1 : 2);
        byKey.put(key, id);
        return id;
    }

    public synchronized AllocationSite site(int id) {
        if (id < 0 || id >= next) {
            return null;
        }
        return new AllocationSite(id, className[id], methodName[id], fileName[id], line[id], type[id],
                id == OVERFLOW ? "various" : kind[id] == 0 ? "object" : kind[id] == 1 ? "array" : "multi_array");
    }

    /**
     * The source file of a class with rewritten sites, or null when none was seen. A scan of every site:
     * for reports, which cache it (surviving-allocations names a few classes at a time).
     */
    public synchronized String fileOf(String cls) {
        for (int id = 1; id < next; id++) {
            if (fileName[id] != null && className[id].equals(cls)) {
                return fileName[id];
            }
        }
        return null;
    }

    /** The allocated type of a site, without building the whole record. */
    public synchronized String typeOf(int id) {
        return id >= 0 && id < next ? type[id] : null;
    }

    /** Ids in use, including the overflow id 0: {@code [0, size())}. */
    public synchronized int size() {
        return next;
    }

    public int capacity() {
        return capacity;
    }

    /** Sites that found the registry full and share the overflow id. */
    public synchronized long overflowed() {
        return overflowed;
    }

    /** A 64-bit FNV-1a hash of the site's identity; a collision would merge two sites, at odds of ~1e-10. */
    private static long key(String cls, String method, String descriptor, int ordinal) {
        long h = 0xcbf29ce484222325L;
        h = mix(h, cls);
        h = mix(h, method);
        h = mix(h, descriptor);
        h ^= ordinal;
        h *= 0x100000001b3L;
        return h == 0 ? 1 : h;
    }

    private static long mix(long h, String s) {
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= '#';
        h *= 0x100000001b3L;
        return h;
    }
}
