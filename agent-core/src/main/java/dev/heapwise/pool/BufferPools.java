package dev.heapwise.pool;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The managed buffer pools of this JVM, by name: created over the agent's HTTP API ({@code POST
 * /v1/memory/pools}) or here, and obtained by application code with {@link #get}. Names are
 * {@code [A-Za-z0-9_.-]{1,64}}; the most all pools together can keep ({@code objectSize x maxObjects}
 * summed) is bounded by the agent's {@code maxPoolSize}.
 */
public final class BufferPools {
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    public static final int MAX_OBJECT_SIZE = 64 << 20;
    public static final int MAX_OBJECTS = 1_000_000;
    /** However small each pool, their number is bounded too: every pool is an object and a line in the API's answers. */
    public static final int MAX_POOLS = 256;
    private static final BufferPools INSTANCE = new BufferPools(256L << 20);

    private final Map<String, BufferPool> pools = new LinkedHashMap<>();
    private volatile long maxTotalBytes;

    BufferPools(long maxTotalBytes) {
        this.maxTotalBytes = maxTotalBytes;
    }

    /** This JVM's pools. */
    public static BufferPools instance() {
        return INSTANCE;
    }

    /** The pool of that name, or null: application code asks for the pools it was configured with. */
    public static BufferPool get(String name) {
        return INSTANCE.find(name);
    }

    /** The agent sets the bound from its configuration at start. */
    public void maxTotalBytes(long bytes) {
        maxTotalBytes = bytes;
    }

    public long maxTotalBytes() {
        return maxTotalBytes;
    }

    /** Why a pool cannot be created: the status an HTTP client gets and the reason. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final int status;

        Refused(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    public synchronized BufferPool create(String name, long objectSize, long maxObjects, boolean direct) throws Refused {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new Refused(400, "name must match [A-Za-z0-9_.-]{1,64}");
        }
        if (name.equals(".") || name.equals("..")) {
            // a URL path cannot hold them: /pools/.. is read as /v1/memory, so such a pool could never be read or deleted
            throw new Refused(400, "name must not be '.' or '..': a URL path cannot address them");
        }
        if (objectSize < 1 || objectSize > MAX_OBJECT_SIZE) {
            throw new Refused(400, "object_size must be from 1 to " + MAX_OBJECT_SIZE + " bytes");
        }
        if (maxObjects < 1 || maxObjects > MAX_OBJECTS) {
            throw new Refused(400, "max_objects must be from 1 to " + MAX_OBJECTS);
        }
        if (pools.containsKey(name)) {
            throw new Refused(409, "a pool named '" + name + "' already exists");
        }
        if (pools.size() >= MAX_POOLS) {
            throw new Refused(409, "there are already " + MAX_POOLS + " managed pools, the most there can be; delete one first");
        }
        long wanted = objectSize * maxObjects;
        long reserved = reservedBytes();
        if (reserved + wanted > maxTotalBytes) {
            throw new Refused(400, "object_size x max_objects = " + wanted + " bytes; with the " + reserved
                    + " bytes the other pools may keep that exceeds maxPoolSize (" + maxTotalBytes + " bytes)");
        }
        BufferPool pool = new BufferPool(name, (int) objectSize, (int) maxObjects, direct);
        pools.put(name, pool);
        return pool;
    }

    public synchronized BufferPool find(String name) {
        return name == null ? null : pools.get(name);
    }

    /** Removes the pool; its free buffers go to the garbage collector. False when there is none of that name. */
    public synchronized boolean delete(String name) {
        BufferPool p = pools.remove(name);
        if (p == null) {
            return false;
        }
        p.delete();
        return true;
    }

    public synchronized List<BufferPool> all() {
        return new ArrayList<>(pools.values());
    }

    /** The most all pools together may keep. */
    public synchronized long reservedBytes() {
        long sum = 0;
        for (BufferPool p : pools.values()) {
            sum += p.reservedBytes();
        }
        return sum;
    }
}
