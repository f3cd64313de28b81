package dev.heapwise.it.apps;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The application {@code scripts/demo} runs under the agent, so that every figure it serves moves:
 * a steady stream of short-lived garbage (young collections), a live set that grows and shrinks in
 * waves (old-generation occupancy and reclaim), and now and then an explicit System.gc() (a full
 * collection with a different cause). Runs for the seconds given as first argument; without one, or
 * with 0 (as {@code scripts/demo --seconds 0} passes it), until killed.
 */
public final class DemoApp {
    private static final int CHUNK = 256 * 1024;
    private static final long WAVE_MS = 40_000;
    private static final long REPORT_EVERY_MS = 5_000;
    private static final long EXPLICIT_GC_EVERY_MS = 30_000;
    /**
     * Garbage per step (arrays of random length, which escape analysis cannot remove); with the pause
     * below about 80 MB/s: busy enough to collect often, light on the CPU.
     */
    private static final int GARBAGE_PER_STEP = 64;
    private static final long STEP_PAUSE_MS = 200;

    private DemoApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 0;
        long durationMs = seconds > 0 ? seconds * 1000 : Long.MAX_VALUE;
        // A quarter of the heap at the crest keeps the demo far from OutOfMemoryError under any -Xmx.
        long crestBytes = Math.min(160L << 20, Runtime.getRuntime().maxMemory() / 4);
        long start = System.currentTimeMillis();
        long nextReport = start;
        long nextExplicitGc = start + EXPLICIT_GC_EVERY_MS;
        long allocated = 0;
        ArrayDeque<byte[]> live = new ArrayDeque<>();

        System.out.printf(Locale.ROOT, "demo: running %s; live set waves up to %d MB every %d s%n",
                durationMs == Long.MAX_VALUE ? "until killed" : "for " + durationMs / 1000 + " s",
                crestBytes >> 20, WAVE_MS / 1000);
        while (System.currentTimeMillis() - start < durationMs) {
            long now = System.currentTimeMillis();
            // Target live set: 10% to 100% of the crest, following a sine wave.
            double phase = ((now - start) % WAVE_MS) / (double) WAVE_MS;
            long target = (long) (crestBytes * (0.55 + 0.45 * Math.sin(2 * Math.PI * phase)));
            while ((long) live.size() * CHUNK < target) {
                live.addLast(touched(new byte[CHUNK]));
                allocated += CHUNK;
            }
            while ((long) live.size() * CHUNK > target + CHUNK) {
                live.removeFirst();
            }
            for (int i = 0; i < GARBAGE_PER_STEP; i++) {
                int size = 1024 + ThreadLocalRandom.current().nextInt(CHUNK * 2);
                touched(new byte[size]);
                allocated += size;
            }
            if (now >= nextExplicitGc) {
                System.gc();
                nextExplicitGc = now + EXPLICIT_GC_EVERY_MS;
            }
            if (now >= nextReport) {
                System.out.printf(Locale.ROOT, "demo: %3d s, live set %4d MB, allocated %6d MB so far, %d GCs%n",
                        (now - start) / 1000, ((long) live.size() * CHUNK) >> 20, allocated >> 20, gcCount());
                nextReport = now + REPORT_EVERY_MS;
            }
            Thread.sleep(STEP_PAUSE_MS);
        }
        System.out.println("demo: done");
    }

    /** Writes every page, so the memory is really used and not just reserved. */
    private static byte[] touched(byte[] a) {
        for (int i = 0; i < a.length; i += 4096) {
            a[i] = 1;
        }
        a[a.length - 1] = 1;
        return a;
    }

    private static long gcCount() {
        long sum = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            sum += Math.max(0, gc.getCollectionCount());
        }
        return sum;
    }
}
