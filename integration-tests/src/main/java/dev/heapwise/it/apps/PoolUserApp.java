package dev.heapwise.it.apps;

import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Application code using a managed buffer pool through the agent jar's public API
 * ({@code dev.heapwise.pool.BufferPools}), the way a service would: it waits for the pool to be created
 * (over HTTP, by the test), then {@code threads} threads each lease, write and return a buffer
 * {@code ops} times, some holding several at once. Reflection only because this module does not
 * compile against the agent; the calls are the API's own. Prints {@code POOLED ...} with its own
 * counts, then stays up until killed so that the pool's figures can be read.
 *
 * <p>{@code PoolUserApp <pool> <threads> <ops>}
 */
public final class PoolUserApp {
    private PoolUserApp() {
    }

    public static void main(String[] args) throws Exception {
        String name = args[0];
        int threads = Integer.parseInt(args[1]);
        int ops = Integer.parseInt(args[2]);
        Class<?> pools = Class.forName("dev.heapwise.pool.BufferPools");
        Method get = pools.getMethod("get", String.class);
        Object pool = null;
        for (int i = 0; i < 600 && pool == null; i++) {
            pool = get.invoke(null, name);
            if (pool == null) {
                Thread.sleep(100);
            }
        }
        if (pool == null) {
            throw new IllegalStateException("no pool named " + name + " after 60 s");
        }
        Method acquire = pool.getClass().getMethod("acquire");
        Method buffer = acquire.getReturnType().getMethod("buffer");
        AtomicLong leases = new AtomicLong();
        AtomicLong checksum = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        Object p = pool;
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread w = new Thread(() -> {
                try {
                    for (int i = 0; i < ops; i++) {
                        // every fourth operation holds two buffers at once: more in use than one per thread
                        int hold = i % 4 == 0 ? 2 : 1;
                        AutoCloseable[] held = new AutoCloseable[hold];
                        for (int h = 0; h < hold; h++) {
                            held[h] = (AutoCloseable) acquire.invoke(p);
                            ByteBuffer b = (ByteBuffer) buffer.invoke(held[h]);
                            if (b.position() != 0 || b.limit() != b.capacity()) {
                                throw new IllegalStateException("a leased buffer was not cleared");
                            }
                            b.putLong(id * 1_000_000L + i);
                            checksum.addAndGet(b.getLong(0));
                            leases.incrementAndGet();
                        }
                        for (AutoCloseable c : held) {
                            c.close();
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "pool-user-" + t);
            w.start();
            workers.add(w);
        }
        for (Thread w : workers) {
            w.join();
        }
        System.out.println("POOLED leases=" + leases.get() + " checksum=" + checksum.get());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
