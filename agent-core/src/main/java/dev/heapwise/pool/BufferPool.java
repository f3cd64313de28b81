package dev.heapwise.pool;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A named pool of same-sized ByteBuffers, for application code:
 * <pre>{@code
 * BufferPool pool = BufferPools.get("buffer_pool");
 * try (BufferPool.Lease lease = pool.acquire()) {
 *     ByteBuffer b = lease.buffer();   // cleared, objectSize bytes
 *     ...
 * }                                    // back into the pool
 * }</pre>
 * {@link #acquire} never blocks and never fails: with no buffer free it allocates one (a miss). At
 * most {@code maxObjects} free buffers are kept; one released beyond that, or into a deleted pool, is
 * left to the garbage collector. Safe for any number of threads.
 */
public final class BufferPool {
    private final String name;
    private final int objectSize;
    private final int maxObjects;
    private final boolean direct;
    private final ArrayBlockingQueue<ByteBuffer> free;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong releases = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong inUse = new AtomicLong();
    private volatile boolean deleted;

    BufferPool(String name, int objectSize, int maxObjects, boolean direct) {
        this.name = name;
        this.objectSize = objectSize;
        this.maxObjects = maxObjects;
        this.direct = direct;
        this.free = new ArrayBlockingQueue<>(maxObjects);
    }

    /** A buffer of {@code objectSize} bytes, cleared, for one user until the lease is closed. */
    public Lease acquire() {
        ByteBuffer b = deleted ? null : free.poll();
        if (b != null) {
            hits.incrementAndGet();
        } else {
            misses.incrementAndGet();
            b = direct ? ByteBuffer.allocateDirect(objectSize) : ByteBuffer.allocate(objectSize);
        }
        inUse.incrementAndGet();
        return new Lease(this, b);
    }

    private void release(ByteBuffer b) {
        inUse.decrementAndGet();
        releases.incrementAndGet();
        b.clear();
        if (deleted || !free.offer(b)) {
            dropped.incrementAndGet();
        }
    }

    /** Called when the pool is deleted: free buffers go, leases still out are dropped when closed. */
    void delete() {
        deleted = true;
        free.clear();
    }

    public String name() {
        return name;
    }

    public int objectSize() {
        return objectSize;
    }

    public int maxObjects() {
        return maxObjects;
    }

    public boolean direct() {
        return direct;
    }

    /** The most this pool can keep: objectSize times maxObjects. */
    long reservedBytes() {
        return (long) objectSize * maxObjects;
    }

    /** Counters and sizes, as the API shows them. */
    public Map<String, Object> stats() {
        long h = hits.get();
        long m = misses.get();
        int idle = free.size();
        long used = inUse.get();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", name);
        s.put("object_size", objectSize);
        s.put("max_objects", maxObjects);
        s.put("direct", direct);
        s.put("acquired", h + m);
        s.put("hits", h);
        s.put("misses", m);
        s.put("hit_rate", h + m == 0 ? null : Math.round(h * 1000.0 / (h + m)) / 1000.0);
        s.put("released", releases.get());
        s.put("dropped", dropped.get());
        s.put("in_use", used);
        s.put("free", idle);
        s.put("bytes_held", (long) idle * objectSize);
        s.put("bytes_in_use", used * objectSize);
        s.put("max_bytes", reservedBytes());
        return s;
    }

    /** One buffer on loan; closing it (once) returns the buffer. Not for sharing between threads. */
    public static final class Lease implements AutoCloseable {
        private final BufferPool pool;
        private ByteBuffer buffer;

        Lease(BufferPool pool, ByteBuffer buffer) {
            this.pool = pool;
            this.buffer = buffer;
        }

        /** The buffer; IllegalStateException once the lease is closed, so a buffer back in the pool is never used. */
        public ByteBuffer buffer() {
            ByteBuffer b = buffer;
            if (b == null) {
                throw new IllegalStateException("this lease of pool '" + pool.name + "' is closed");
            }
            return b;
        }

        /** Returns the buffer to the pool; a second close does nothing. */
        @Override
        public void close() {
            ByteBuffer b = buffer;
            if (b != null) {
                buffer = null;
                pool.release(b);
            }
        }
    }
}
