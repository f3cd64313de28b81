package dev.heapwise.it.apps;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * A bursty service, for the footprint benchmark: each busy phase builds a large live set (orders held
 * in memory, as a batch job or a cache warm-up would) beside short-lived garbage, then keeps working on
 * it (replacing orders, so the old generation sees garbage too) until {@code --busy-seconds} have
 * passed; then it drops everything and idles. It prints one {@code BUSY} line per busy phase (its
 * throughput) and a {@code TICK} line a second (phase, heap used and committed), so a harness can
 * follow it from outside.
 *
 * <p>{@code --max-ops-per-sec} paces the work (a service serving the requests it gets, not as many as a
 * core can); 0, the default, as fast as it can.
 *
 * <p>{@code BurstyApp [--burst-mb 1024] [--busy-seconds 25] [--idle-seconds 75] [--cycles 2] [--max-ops-per-sec 0]}
 */
public final class BurstyApp {
    static volatile long sink;
    private static volatile String phase = "start";
    private static volatile int cycle;

    private BurstyApp() {
    }

    public static void main(String[] args) throws Exception {
        long burstMb = 1024;
        long idleSeconds = 75;
        long busySeconds = 25;
        int cycles = 2;
        long maxOpsPerSec = 0;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--burst-mb" -> burstMb = Long.parseLong(args[i + 1]);
                case "--idle-seconds" -> idleSeconds = Long.parseLong(args[i + 1]);
                case "--busy-seconds" -> busySeconds = Long.parseLong(args[i + 1]);
                case "--cycles" -> cycles = Integer.parseInt(args[i + 1]);
                case "--max-ops-per-sec" -> maxOpsPerSec = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Thread ticker = new Thread(BurstyApp::tick, "bursty-ticker");
        ticker.setDaemon(true);
        ticker.start();
        for (cycle = 1; cycle <= cycles; cycle++) {
            phase = "busy";
            long t0 = System.nanoTime();
            long ops = busy(burstMb << 20, busySeconds * 1_000_000_000L, maxOpsPerSec);
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(java.util.Locale.ROOT, "BUSY cycle=%d ops=%d seconds=%.3f ops_per_sec=%.1f%n",
                    cycle, ops, seconds, ops / seconds);
            phase = "idle";
            System.out.println("IDLE cycle=" + cycle + " start_ms=" + System.currentTimeMillis());
            System.out.flush();
            Thread.sleep(idleSeconds * 1000);
        }
        System.out.println("DONE");
        System.out.flush();
    }

    /**
     * Builds {@code liveBytes} of orders, then replaces them one by one, each operation with garbage of
     * its own, until {@code nanos} have passed (and the live set is built), at {@code maxOpsPerSec}
     * operations a second at most when above 0; returns the operations done.
     */
    private static long busy(long liveBytes, long nanos, long maxOpsPerSec) {
        List<Order> kept = new ArrayList<>();
        long held = 0;
        long ops = 0;
        long start = System.nanoTime();
        while (held < liveBytes || System.nanoTime() - start < nanos) {
            Order o = new Order(ops, new byte[2048 + (int) (ops % 1024)], new HashMap<>());
            for (int i = 0; i < 8; i++) {
                o.attributes.put("k" + i, "v" + (ops ^ i));
            }
            if (maxOpsPerSec > 0 && (ops & 63) == 0) {
                long due = start + ops * 1_000_000_000L / maxOpsPerSec;
                long ahead = due - System.nanoTime();
                if (ahead > 0) {
                    LockSupport.parkNanos(ahead);
                }
            }
            if (held < liveBytes) {
                kept.add(o);
                held += o.payload.length + 8 * 120L;
            } else {
                kept.set((int) ((ops * 7919) % kept.size()), o);
            }
            sink += garbage(ops);
            ops++;
        }
        sink += kept.size();
        return ops;
    }

    /** Short-lived work per operation: text built and parsed back, a temporary map. */
    private static long garbage(long seed) {
        StringBuilder sb = new StringBuilder(256);
        Map<String, Long> tmp = new HashMap<>();
        for (int i = 0; i < 24; i++) {
            String k = "field-" + i + "-" + (seed & 1023);
            sb.append(k).append('=').append(seed * 31 + i).append(';');
            tmp.put(k, seed + i);
        }
        long h = 0;
        for (String part : sb.toString().split(";")) {
            h = h * 31 + part.hashCode();
        }
        return h + tmp.size();
    }

    private static void tick() {
        long start = System.nanoTime();
        while (true) {
            MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            System.out.printf(java.util.Locale.ROOT, "TICK t_ms=%d cycle=%d phase=%s heap_used=%d heap_committed=%d%n",
                    (System.nanoTime() - start) / 1_000_000, cycle, phase, heap.getUsed(), heap.getCommitted());
            System.out.flush();
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    record Order(long id, byte[] payload, Map<String, String> attributes) {
    }
}
