package dev.heapwise.it.apps;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.net.URLClassLoader;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.SoftReference;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.Deflater;

/**
 * One application per memory shape, for the leak detector: {@code LeakScenarios <scenario> [seconds]}
 * runs the shape until killed (or for the given seconds) beside a steady churn of short-lived garbage,
 * so every leak hides in ordinary allocation. Leaks, each one way:
 * <ul>
 *   <li>{@code map}: about 1 MB/s of {@link Session}s kept in a static map, from one site, under ten
 *       times as much churn;</li>
 *   <li>{@code slow}: about 50 KB/s kept, under heavy churn;</li>
 *   <li>{@code threads}: parked threads started by a factory naming them {@code leaky-worker-N};</li>
 *   <li>{@code direct}: direct buffers kept in a list;</li>
 *   <li>{@code loaders}: class loaders kept alive, each having loaded a class;</li>
 *   <li>{@code generated}: a class generated into the application's own loader every tick, named as
 *       enhancers name theirs ({@code Enhanced$$00000042}), never unloaded;</li>
 *   <li>{@code listeners}: listeners added to a static event bus and never removed;</li>
 *   <li>{@code native}: {@link Deflater}s kept after use and never ended: zlib's state, about 260 KB of
 *       malloc'd memory each, five a second, under a heap that hardly moves;</li>
 *   <li>{@code files}: a report file written and opened for reading every tick, the stream kept and never
 *       closed ({@code report-N.csv} in a directory of its own under the temporary directory);</li>
 *   <li>{@code sockets}: a server on the loopback accepts a connection every tick and never closes it; the client
 *       closes its end at once, so the server's sockets wait in CLOSE_WAIT.</li>
 * </ul>
 * Healthy shapes that only look leaky:
 * <ul>
 *   <li>{@code cache}: an LRU cache that fills (in under a minute) then stays bounded, entries replaced;</li>
 *   <li>{@code sawtooth}: builds a large batch for some seconds, drops it, again;</li>
 *   <li>{@code bursty}: allocates hard (building and dropping large structures), then idles, again;</li>
 *   <li>{@code server}: a steady load of short requests with a bounded session table, over 20 to 60 keep-alive
 *       connections to its own server, as many as its load asks for each tick (opened and closed);</li>
 *   <li>{@code scripts}: a hundred hidden classes a second defined and dropped, as a script engine does: they
 *       stay loaded until the collector marks the old generation, which may take minutes;</li>
 *   <li>{@code softcache}: a cache of values held by soft references, never bounded but by the
 *       collector, which clears the oldest when the heap fills (not in the healthy runs: surviving-allocations
 *       reports it while it fills, since softly reachable objects survive markings);</li>
 *   <li>{@code threadpool}: a cached thread pool given 40 tasks at once every 90 s, whose threads die
 *       after 60 s idle.</li>
 * </ul>
 * Healthy shapes that grow for minutes before they stop, which nothing can tell from a leak while they grow
 * (the settling runs: their suspects must end soon after the growth does):
 * <ul>
 *   <li>{@code warmup}: an LRU cache of 60,000 entries of 2 KB (about 130 MB) filled on misses of random keys
 *       out of 90,000, so it warms for about three minutes, then evicts as it fills;</li>
 *   <li>{@code plateau}: reference data loaded at about 1 MB/s for 150 s, then replaced in place.</li>
 * </ul>
 */
public final class LeakScenarios {
    /** Reachable from a static root: what a leak is. */
    static final Map<Long, Session> SESSIONS = new HashMap<>();
    static final List<Object> KEPT = new ArrayList<>();
    static final EventBus BUS = new EventBus();
    static volatile long sink;

    private LeakScenarios() {
    }

    public static void main(String[] args) throws Exception {
        String scenario = args.length > 0 ? args[0] : "map";
        long seconds = args.length > 1 ? Long.parseLong(args[1]) : Long.MAX_VALUE / 2_000_000_000L;
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        System.out.println("scenario " + scenario + " running");
        System.out.flush();
        long tick = 0;
        // every scenario works in 100 ms ticks: its own step, then the churn that hides it
        while (System.nanoTime() - end < 0) {
            long t0 = System.nanoTime();
            switch (scenario) {
                case "map" -> leakSessions(tick, 100); // 100 x ~1 KB a tick: ~1 MB/s
                case "slow" -> leakSessions(tick, 5);  // ~50 KB/s
                case "threads" -> {
                    if (tick % 10 == 0) {
                        startParkedWorker();
                    }
                }
                case "direct" -> KEPT.add(ByteBuffer.allocateDirect(64 * 1024)); // 640 KB/s
                case "loaders" -> {
                    if (tick % 5 == 0) {
                        KEPT.add(loadInOwnLoader());
                    }
                }
                case "generated" -> KEPT.add(generateClass(tick)); // 10 classes a second
                case "listeners" -> {
                    for (int i = 0; i < 10; i++) {
                        BUS.add(new Listener(tick, new byte[8 * 1024])); // ~80 KB per tick, never removed
                    }
                }
                case "native" -> {
                    if (tick % 2 == 0) {
                        KEPT.add(usedDeflater(tick));
                    }
                }
                case "files" -> KEPT.add(openedReport(tick));
                case "sockets" -> KEPT.add(acceptedAndAbandoned());
                case "cache" -> cache(tick);
                case "warmup" -> warmUp();
                case "plateau" -> plateau(tick);
                case "sawtooth" -> sawtooth(tick);
                case "bursty" -> {
                    if (tick % 600 < 200) {
                        burst();
                    }
                }
                case "server" -> serve(tick);
                case "softcache" -> softCache(tick);
                case "threadpool" -> {
                    if (tick % 900 == 0) {
                        threadBurst();
                    }
                }
                case "scripts" -> {
                    for (int i = 0; i < 10; i++) {
                        sink += defineHidden().hashCode();
                    }
                }
                default -> throw new IllegalArgumentException("unknown scenario " + scenario);
            }
            boolean idle = scenario.equals("bursty") && tick % 600 >= 200;
            if (!idle) {
                churn(scenario.equals("slow") ? 50 : 10);
            }
            tick++;
            long left = 100_000_000L - (System.nanoTime() - t0);
            if (left > 0) {
                LockSupport.parkNanos(left);
            }
        }
        System.out.println("scenario " + scenario + " done");
    }

    /** A Deflater that has compressed 64 KB (so zlib's buffers are written, hence resident), not ended. */
    static Deflater usedDeflater(long seed) {
        byte[] input = new byte[64 * 1024];
        for (int i = 0; i < input.length; i++) {
            input[i] = (byte) ((seed * 31 + i * 7L) % 251); // compressible but not trivially so
        }
        Deflater d = new Deflater();
        d.setInput(input);
        byte[] out = new byte[16 * 1024];
        while (!d.needsInput()) {
            sink += d.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
        }
        return d;
    }

    /** Short-lived garbage: {@code mbPerSecond} MB/s of small arrays and strings, dropped at once. */
    private static Path reports;

    /** A report written and opened for reading; the stream is what leaks. */
    static InputStream openedReport(long tick) throws IOException {
        if (reports == null) {
            reports = Files.createTempDirectory("heapwise-reports");
            reports.toFile().deleteOnExit();
        }
        Path file = reports.resolve("report-" + tick + ".csv");
        Files.writeString(file, "id,value\n" + tick + "," + (tick * 31) + "\n");
        file.toFile().deleteOnExit();
        return new FileInputStream(file.toFile());
    }

    private static ServerSocket server;

    /** A connection accepted by this process's own server, whose client then hangs up; the accepted socket is kept. */
    static Socket acceptedAndAbandoned() throws IOException {
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), server().getLocalPort())) {
            client.getOutputStream().write(1);
        }
        return server.accept();
    }

    /** The application's own server on the loopback, started on first use. */
    private static ServerSocket server() throws IOException {
        if (server == null) {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        }
        return server;
    }

    static void churn(int mbPerSecond) {
        long budget = mbPerSecond * 1024L * 1024 / 10;
        long acc = 0;
        for (long done = 0; done < budget; done += 1040) {
            byte[] b = new byte[1024];
            b[ThreadLocalRandom.current().nextInt(b.length)] = 1;
            acc += b[0] + String.valueOf(done).length();
        }
        sink += acc;
    }

    static void leakSessions(long tick, int perTick) {
        for (int i = 0; i < perTick; i++) {
            long id = tick * 1000 + i;
            SESSIONS.put(id, new Session(id, new byte[1000]));
        }
    }

    static void startParkedWorker() {
        Thread t = WORKERS.newThread(() -> LockSupport.park());
        t.setDaemon(true);
        t.start();
    }

    private static final java.util.concurrent.ThreadFactory WORKERS = new java.util.concurrent.ThreadFactory() {
        private int n;

        @Override
        public Thread newThread(Runnable r) {
            return new Thread(r, "leaky-worker-" + (++n));
        }
    };

    /** A new loader over this application's classes, which defines its own copy of {@link Plugin}. */
    static Object loadInOwnLoader() throws Exception {
        URL classes = Path.of(LeakScenarios.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toUri().toURL();
        PluginLoader loader = new PluginLoader(new URL[]{classes});
        Class<?> c = loader.loadClass(Plugin.class.getName());
        return c.getDeclaredConstructor().newInstance();
    }

    private static byte[] template;

    /** The bytes of {@link Enhanced$$00000000}, read once. */
    static synchronized byte[] template() throws Exception {
        if (template == null) {
            try (var in = LeakScenarios.class.getResourceAsStream("Enhanced$$00000000.class")) {
                template = in.readAllBytes();
            }
        }
        return template;
    }

    /** A copy of {@link Enhanced$$00000000} named with the counter in place of its zeros, defined into this class's loader. */
    static Class<?> generateClass(long counter) throws Exception {
        String bytes = new String(template(), StandardCharsets.ISO_8859_1).replace("00000000", String.format("%08d", counter));
        return MethodHandles.lookup().defineClass(bytes.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Loads {@link Plugin} itself (child first), everything else from its parent. */
    static final class PluginLoader extends URLClassLoader {
        PluginLoader(URL[] urls) {
            super(urls, LeakScenarios.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith(Plugin.class.getName())) {
                synchronized (getClassLoadingLock(name)) {
                    Class<?> c = findLoadedClass(name);
                    return c != null ? c : findClass(name);
                }
            }
            return super.loadClass(name, resolve);
        }
    }

    private static final LinkedHashMap<Long, byte[]> LRU = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
            return size() > 40_000;
        }
    };

    /** 200 lookups a tick over 60,000 keys into a 40,000-entry LRU: fills in under a minute, then replaces. */
    static void cache(long tick) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (int i = 0; i < 200; i++) {
            long key = r.nextLong(60_000);
            byte[] v = LRU.get(key);
            if (v == null) {
                LRU.put(key, new byte[1000]);
            }
        }
    }

    private static final LinkedHashMap<Long, byte[]> WARMING = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
            return size() > 60_000;
        }
    };

    /** 60 lookups a tick; a miss loads a 2 KB value. */
    static void warmUp() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (int i = 0; i < 60; i++) {
            long key = r.nextLong(90_000);
            if (WARMING.get(key) == null) {
                WARMING.put(key, new byte[2000]);
            }
        }
    }

    private static final Map<Integer, byte[]> REFERENCE_DATA = new HashMap<>();

    /** 100 entries of 1 KB a tick for 1,500 ticks, then each tick replaces 100 of them. */
    static void plateau(long tick) {
        for (int i = 0; i < 100; i++) {
            int key = (int) ((tick * 100 + i) % 150_000);
            REFERENCE_DATA.put(key, new byte[1000]);
        }
    }

    private static final List<byte[]> BATCH = new ArrayList<>();

    /** 5 MB a tick for 100 ticks (a 500 MB-ish batch at most, bounded by the heap), then dropped. */
    static void sawtooth(long tick) {
        if (tick % 150 < 100) {
            for (int i = 0; i < 40; i++) {
                BATCH.add(new byte[64 * 1024]);
            }
        } else {
            BATCH.clear();
        }
    }

    /** Large temporary structures, built and dropped within the tick. */
    static void burst() {
        List<long[]> tmp = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            tmp.add(new long[2048]);
        }
        sink += tmp.size();
    }

    private static final Map<Long, Session> ACTIVE = new HashMap<>();

    /** 300 requests a tick; each opens a session that lives about 30 s, the table bounded by that. */
    static void serve(long tick) throws IOException {
        keepAliveConnections(20 + ThreadLocalRandom.current().nextInt(41));
        for (int i = 0; i < 300; i++) {
            StringBuilder response = new StringBuilder();
            for (int k = 0; k < 20; k++) {
                response.append(k).append(',');
            }
            sink += response.length();
        }
        long id = tick;
        ACTIVE.put(id, new Session(id, new byte[4096]));
        ACTIVE.remove(id - 300);
    }

    /** Both ends of each keep-alive connection the server holds now. */
    private static final List<Socket> CONNECTIONS = new ArrayList<>();

    /** As many keep-alive connections to the application's own server as its load asks for now: opened and closed. */
    static void keepAliveConnections(int wanted) throws IOException {
        while (CONNECTIONS.size() / 2 < wanted) {
            CONNECTIONS.add(new Socket(InetAddress.getLoopbackAddress(), server().getLocalPort()));
            CONNECTIONS.add(server.accept());
        }
        while (CONNECTIONS.size() / 2 > wanted) {
            CONNECTIONS.remove(CONNECTIONS.size() - 1).close();
            CONNECTIONS.remove(CONNECTIONS.size() - 1).close();
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

    /** 10 x 10 KB put a tick (1 MB/s), never bounded but by the collector, which clears the oldest under pressure. */
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
                sink += v == null ? 0 : v.length;
            }
        }
    }

    private static final java.util.concurrent.ExecutorService BURST_POOL = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "burst-pool-" + System.nanoTime());
        t.setDaemon(true);
        return t;
    });

    /** 40 one-second tasks at once on a cached pool every 90 s: its threads die after 60 s idle. */
    static void threadBurst() {
        for (int i = 0; i < 40; i++) {
            BURST_POOL.execute(() -> LockSupport.parkNanos(1_000_000_000L));
        }
    }

    /** A hidden class defined and dropped, as a script engine makes them: unloaded at the next marking. */
    static Class<?> defineHidden() throws Exception {
        return MethodHandles.lookup().defineHiddenClass(template(), false).lookupClass();
    }

    record Session(long id, byte[] payload) {
    }

    record Listener(long registeredAt, byte[] state) {
    }

    /** Listeners registered and never removed: the classic. */
    static final class EventBus {
        private final List<Listener> listeners = new CopyOnWriteArrayList<>();

        void add(Listener l) {
            listeners.add(l);
        }
    }
}
