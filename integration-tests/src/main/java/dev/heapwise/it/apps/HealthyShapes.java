package dev.heapwise.it.apps;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.SoftReference;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/** The healthy shapes of {@link LeakScenarios} that only look leaky, one step per 100 ms tick each. */
final class HealthyShapes {
    private HealthyShapes() {
    }

    private static final Lru LRU = new Lru(40_000);

    /** {@code cache}: 200 lookups a tick over 60,000 keys into a 40,000-entry LRU: fills in under a minute, then replaces. */
    static void cache() {
        LRU.lookUpRandom(200, 60_000, 1000);
    }

    private static final List<byte[]> BATCH = new ArrayList<>();

    /** {@code sawtooth}: 5 MB a tick for 100 ticks (a 500 MB-ish batch at most, bounded by the heap), then dropped. */
    static void sawtooth(long tick) {
        if (tick % 150 < 100) {
            for (int i = 0; i < 40; i++) {
                BATCH.add(new byte[64 * 1024]);
            }
        } else {
            BATCH.clear();
        }
    }

    /** {@code bursty}: busy for 20 s (and churning), idle for 40 s (no churn either), again. */
    static boolean burstyIsBusy(long tick) {
        return tick % 600 < 200;
    }

    /** {@code bursty}'s busy tick: large temporary structures, built and dropped within the tick. */
    static void burst(long tick) {
        if (!burstyIsBusy(tick)) {
            return;
        }
        List<long[]> tmp = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            tmp.add(new long[2048]);
        }
        LeakScenarios.sink += tmp.size();
    }

    private static final Map<Long, Session> ACTIVE = new HashMap<>();

    /** {@code server}: 300 requests a tick; each tick opens a session that lives about 30 s, the table bounded by that. */
    static void serve(long tick) throws IOException {
        keepAliveConnections(20 + ThreadLocalRandom.current().nextInt(41));
        for (int i = 0; i < 300; i++) {
            StringBuilder response = new StringBuilder();
            for (int k = 0; k < 20; k++) {
                response.append(k).append(',');
            }
            LeakScenarios.sink += response.length();
        }
        ACTIVE.put(tick, new Session(tick, new byte[4096]));
        ACTIVE.remove(tick - 300);
    }

    /** Both ends of each keep-alive connection the server holds now. */
    private static final List<Socket> CONNECTIONS = new ArrayList<>();

    /** As many keep-alive connections to the application's own server as its load asks for now: opened and closed. */
    private static void keepAliveConnections(int wanted) throws IOException {
        while (CONNECTIONS.size() / 2 < wanted) {
            CONNECTIONS.add(new Socket(InetAddress.getLoopbackAddress(), LoopbackServer.get().getLocalPort()));
            CONNECTIONS.add(LoopbackServer.get().accept());
        }
        while (CONNECTIONS.size() / 2 > wanted) {
            CONNECTIONS.remove(CONNECTIONS.size() - 1).close();
            CONNECTIONS.remove(CONNECTIONS.size() - 1).close();
        }
    }

    /** {@code scripts}: ten hidden classes a tick defined and dropped, as a script engine makes them. */
    static void defineAndDropHiddenClasses() throws Exception {
        for (int i = 0; i < 10; i++) {
            LeakScenarios.sink += MethodHandles.lookup().defineHiddenClass(ClassTemplate.bytes(), false).lookupClass().hashCode();
        }
    }

    /** A value cache held by soft references, entries purged once the collector clears them. */
    private static final Map<Long, SoftValue> SOFT = new HashMap<>();
    private static final ReferenceQueue<byte[]> CLEARED = new ReferenceQueue<>();

    static final class SoftValue extends SoftReference<byte[]> {
        final long key;

        SoftValue(long key, byte[] value) {
            super(value, CLEARED);
            this.key = key;
        }
    }

    /** {@code softcache}: 10 x 10 KB put a tick (1 MB/s), never bounded but by the collector, which clears the oldest under pressure. */
    static void softCache(long tick) {
        for (Reference<? extends byte[]> r; (r = CLEARED.poll()) != null; ) {
            SOFT.remove(((SoftValue) r).key);
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 10; i++) {
            long key = tick * 10 + i;
            SOFT.put(key, new SoftValue(key, new byte[10 * 1024]));
            SoftValue recent = SOFT.get(key - random.nextLong(1 + Math.min(key, 2000)));
            if (recent != null) {
                byte[] v = recent.get();
                LeakScenarios.sink += v == null ? 0 : v.length;
            }
        }
    }

    private static final ExecutorService BURST_POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "burst-pool-" + System.nanoTime());
        t.setDaemon(true);
        return t;
    });

    /** {@code threadpool}: 40 one-second tasks at once on a cached pool every 90 s: its threads die after 60 s idle. */
    static void threadBurst(long tick) {
        if (tick % 900 != 0) {
            return;
        }
        for (int i = 0; i < 40; i++) {
            BURST_POOL.execute(() -> LockSupport.parkNanos(1_000_000_000L));
        }
    }
}
