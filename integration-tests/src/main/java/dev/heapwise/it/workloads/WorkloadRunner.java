package dev.heapwise.it.workloads;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The main of every workload. Two modes, each ending in one machine-readable line:
 * <ul>
 *   <li>benchmark (default): {@code --warmup S} seconds of operations (default 5), then {@code --seconds S}
 *       measured (default 10); prints {@code RESULT workload=.. ops_per_sec=.. ops=.. seconds=..
 *       alloc_bytes_per_sec=.. alloc_bytes_per_op=.. gc_count=.. gc_ms=.. cpu_ms=.. pause_p99_ms=..} (-1: no pause)</li>
 *   <li>{@code --digest}: the workload's fixed exercise; prints {@code DIGEST workload=.. sha256=.. items=.. ms=..}</li>
 *   <li>{@code --sliced}: the warm-up, then {@code READY}; each {@code slice S} line on stdin then measures S
 *       seconds and prints a {@code SLICE} line with the fields of {@code RESULT}, until {@code exit}. A harness
 *       keeps several such JVMs warm and measures them in turn, seconds apart (see the bench's {@code --slices}).</li>
 * </ul>
 * {@code --hold} then keeps the JVM up until {@code exit} arrives on stdin (answered {@code reply {...}}
 * as ControlledApp does), so a test can question the agent about what it saw. Any failure prints its
 * stack trace and exits 1: a test or the bench must never read a broken run as a result.
 */
public final class WorkloadRunner {
    /** Folded from every operation's result, so that no operation is dead code to the JIT. */
    static volatile long sink;

    private WorkloadRunner() {
    }

    public static void main(Workload workload, String[] args) {
        run(List.of(workload), args);
    }

    /** Runs each workload in turn in this JVM (digest mode of several workloads in one child, for the tests). */
    static void run(List<Workload> workloads, String[] args) {
        int status = 0;
        try {
            Options o = Options.parse(args);
            for (Workload w : workloads) {
                w.setUp();
                try {
                    if (o.sliced) {
                        sliced(w, o.warmupSeconds);
                    } else {
                        System.out.println(o.digest ? digest(w) : benchmark(w, o.warmupSeconds, o.seconds));
                    }
                } finally {
                    w.tearDown();
                }
            }
            if (o.hold) {
                hold();
            }
        } catch (Throwable t) {
            t.printStackTrace();
            status = 1;
        }
        System.out.flush();
        System.exit(status);
    }

    static String digest(Workload w) throws Exception {
        long t0 = System.nanoTime();
        Digest d = new Digest();
        w.digest(d);
        return String.format(Locale.ROOT, "DIGEST workload=%s sha256=%s items=%d ms=%d",
                w.name(), d.hex(), d.items(), (System.nanoTime() - t0) / 1_000_000);
    }

    static String benchmark(Workload w, double warmupSeconds, double seconds) throws Exception {
        Measurer m = new Measurer(w);
        m.run(warmupSeconds);
        return m.measure("RESULT", seconds);
    }

    /** Warm once, then measure one slice per {@code slice S} command until {@code exit} (or the end of stdin). */
    private static void sliced(Workload w, double warmupSeconds) throws Exception {
        Measurer m = new Measurer(w);
        m.run(warmupSeconds);
        System.out.println("READY");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.trim().equals("exit")) {
            String[] words = line.trim().split("\\s+");
            if (words.length != 2 || !words[0].equals("slice")) {
                throw new IllegalArgumentException("expected 'slice SECONDS' or 'exit', got '" + line + "'");
            }
            System.out.println(m.measure("SLICE", Double.parseDouble(words[1])));
            System.out.flush();
        }
    }

    /** Runs a workload's operations, numbering them on across calls, and measures a stretch of them. */
    private static final class Measurer {
        private final Workload w;
        private long i;
        private long acc;

        Measurer(Workload w) {
            this.w = w;
        }

        /** Operations for {@code seconds}; returns how many. */
        long run(double seconds) throws Exception {
            long ops = 0;
            long end = System.nanoTime() + (long) (seconds * 1e9);
            while (System.nanoTime() - end < 0) {
                acc += w.operation(i++);
                ops++;
            }
            sink += acc;
            return ops;
        }

        /** Operations for {@code seconds}, then one line: {@code prefix workload=.. ops_per_sec=.. ...}. */
        String measure(String prefix, double seconds) throws Exception {
            JvmCounters start = JvmCounters.now();
            GcPauses pauses = GcPauses.start();
            long ops = run(seconds);
            JvmCounters used = JvmCounters.now().since(start);
            double pauseP99 = pauses.stopAndP99();
            double secs = used.nanoTime() / 1e9;
            return String.format(Locale.ROOT,
                    "%s workload=%s ops_per_sec=%.2f ops=%d seconds=%.3f alloc_bytes_per_sec=%.0f alloc_bytes_per_op=%.1f"
                            + " gc_count=%d gc_ms=%d cpu_ms=%d pause_p99_ms=%.0f",
                    prefix, w.name(), ops / secs, ops, secs, used.threadAllocatedBytes() / secs,
                    ops == 0 ? 0.0 : (double) used.threadAllocatedBytes() / ops, used.gcCount(), used.gcMillis(),
                    used.processCpuNanos() / 1_000_000, pauseP99);
        }
    }

    private static void hold() throws IOException {
        System.out.println("HOLD waiting for 'exit' on stdin");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.trim().equals("exit")) {
                System.out.println("reply {\"command\":\"exit\"}");
                return;
            }
        }
    }

    private record Options(boolean digest, boolean hold, boolean sliced, double warmupSeconds, double seconds) {
        static Options parse(String[] args) {
            boolean digest = false;
            boolean sliced = false;
            boolean hold = false;
            double warmup = 5;
            double seconds = 10;
            for (int k = 0; k < args.length; k++) {
                switch (args[k]) {
                    case "--digest" -> digest = true;
                    case "--hold" -> hold = true;
                    case "--sliced" -> sliced = true;
                    case "--warmup" -> warmup = Double.parseDouble(args[++k]);
                    case "--seconds" -> seconds = Double.parseDouble(args[++k]);
                    default -> throw new IllegalArgumentException("unknown argument '" + args[k]
                            + "'; expected --digest, --hold, --sliced, --warmup S, --seconds S");
                }
            }
            return new Options(digest, hold, sliced, warmup, seconds);
        }
    }
}
