package dev.heapwise.it.apps;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

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
 * Healthy shapes that only look leaky ({@link HealthyShapes}):
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
 * (the settling runs: their suspects must end soon after the growth does; {@link SettlingShapes}):
 * <ul>
 *   <li>{@code warmup}: an LRU cache of 60,000 entries of 2 KB (about 130 MB) filled on misses of random keys
 *       out of 90,000, so it warms for about three minutes, then evicts as it fills;</li>
 *   <li>{@code plateau}: reference data loaded at about 1 MB/s for 150 s, then replaced in place.</li>
 * </ul>
 */
public final class LeakScenarios {
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
            step(scenario, tick);
            if (!scenario.equals("bursty") || HealthyShapes.burstyIsBusy(tick)) {
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

    /** One tick of the scenario's own shape. */
    private static void step(String scenario, long tick) throws Exception {
        switch (scenario) {
            case "map" -> Leaks.leakSessions(tick, 100);
            case "slow" -> Leaks.leakSessions(tick, 5);
            case "threads" -> Leaks.startParkedWorker(tick);
            case "direct" -> Leaks.keepDirectBuffer();
            case "loaders" -> Leaks.keepPluginLoader(tick);
            case "generated" -> Leaks.keepGeneratedClass(tick);
            case "listeners" -> Leaks.registerListeners(tick);
            case "native" -> Leaks.keepUsedDeflater(tick);
            case "files" -> Leaks.keepOpenedReport(tick);
            case "sockets" -> Leaks.keepAbandonedConnection();
            case "cache" -> HealthyShapes.cache();
            case "sawtooth" -> HealthyShapes.sawtooth(tick);
            case "bursty" -> HealthyShapes.burst(tick);
            case "server" -> HealthyShapes.serve(tick);
            case "scripts" -> HealthyShapes.defineAndDropHiddenClasses();
            case "softcache" -> HealthyShapes.softCache(tick);
            case "threadpool" -> HealthyShapes.threadBurst(tick);
            case "warmup" -> SettlingShapes.warmUp();
            case "plateau" -> SettlingShapes.plateau(tick);
            default -> throw new IllegalArgumentException("unknown scenario " + scenario);
        }
    }

    /** Short-lived garbage: {@code mbPerSecond} MB/s of small arrays and strings, dropped at once. */
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
}
