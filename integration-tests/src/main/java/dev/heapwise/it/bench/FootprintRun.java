package dev.heapwise.it.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One footprint run: the bursty application in a child JVM, its RSS read from /proc every half
 * second from outside, its heap from its own TICK lines, and its busy phases' throughput from its
 * BUSY lines. Everything it saw is written to the run's directory.
 */
final class FootprintRun {
    private static final Pattern BUSY = Pattern.compile("^BUSY cycle=(\\d+) ops=\\d+ seconds=[\\d.]+ ops_per_sec=([\\d.]+)");
    private static final Pattern IDLE = Pattern.compile("^IDLE cycle=(\\d+)");
    private static final Pattern TICK = Pattern.compile("^TICK .* heap_used=(\\d+) heap_committed=(\\d+)");

    /** What one cycle showed: busy throughput; RSS and committed heap as the idle phase starts and at each mark after. */
    record Cycle(double busyOpsPerSec, long rssAtIdleStart, long[] rssAt, long[] committedAt) {
    }

    /** @param firstBusyCpuMs the process's CPU per kind of thread as the first busy phase ended ({@link ThreadCpu}) */
    record Result(List<Cycle> cycles, Map<String, Long> firstBusyCpuMs, String error) {
        boolean ok() {
            return error == null;
        }
    }

    private static final class Sample {
        final long ms;
        final long rss;
        final long committed;

        Sample(long ms, long rss, long committed) {
            this.ms = ms;
            this.rss = rss;
            this.committed = committed;
        }
    }

    private FootprintRun() {
    }

    /** @param marksSeconds seconds after the idle phase starts at which RSS and committed heap are read */
    static Result run(List<String> command, Path dir, int cycles, long[] marksSeconds, long timeoutSeconds)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("command.txt"), String.join(" ", command) + "\n");
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(dir.resolve("stderr.txt").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("HEAPWISE_") || k.equals("JAVA_TOOL_OPTIONS")
                || k.equals("JDK_JAVA_OPTIONS"));
        Process p = pb.start();
        long t0 = System.nanoTime();
        List<Sample> samples = new ArrayList<>();
        double[] busy = new double[cycles + 1];
        long[] idleStartMs = new long[cycles + 1];
        long[] committed = {0};
        Map<String, Long> firstBusyCpu = new java.util.concurrent.ConcurrentHashMap<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                 PrintWriter out = new PrintWriter(Files.newBufferedWriter(dir.resolve("stdout.txt")))) {
                String line;
                while ((line = in.readLine()) != null) {
                    out.println(line);
                    Matcher m;
                    synchronized (samples) {
                        if ((m = TICK.matcher(line)).find()) {
                            committed[0] = Long.parseLong(m.group(2));
                        } else if ((m = BUSY.matcher(line)).find()) {
                            busy[Integer.parseInt(m.group(1))] = Double.parseDouble(m.group(2));
                            if (m.group(1).equals("1")) {
                                firstBusyCpu.putAll(ThreadCpu.read(p.pid()));
                            }
                        } else if ((m = IDLE.matcher(line)).find()) {
                            idleStartMs[Integer.parseInt(m.group(1))] = (System.nanoTime() - t0) / 1_000_000;
                        }
                    }
                }
            } catch (IOException ignored) {
                // the child ended
            }
        }, "footprint-reader");
        reader.start();
        Path status = Path.of("/proc/" + p.pid() + "/status");
        long deadline = t0 + timeoutSeconds * 1_000_000_000L;
        while (p.isAlive() && System.nanoTime() < deadline) {
            long rss = rss(status);
            if (rss > 0) {
                synchronized (samples) {
                    samples.add(new Sample((System.nanoTime() - t0) / 1_000_000, rss, committed[0]));
                }
            }
            Thread.sleep(500);
        }
        if (p.isAlive()) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            return new Result(List.of(), Map.of(), "did not finish within " + timeoutSeconds + " s");
        }
        reader.join(5000);
        if (p.exitValue() != 0) {
            return new Result(List.of(), Map.of(), "exit " + p.exitValue() + " (see " + dir.resolve("stderr.txt") + ")");
        }
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(dir.resolve("rss.tsv")))) {
            w.println("ms\trss_bytes\theap_committed_bytes");
            for (Sample s : samples) {
                w.println(s.ms + "\t" + s.rss + "\t" + s.committed);
            }
        }
        List<Cycle> out = new ArrayList<>();
        for (int c = 1; c <= cycles; c++) {
            if (busy[c] == 0 || idleStartMs[c] == 0) {
                return new Result(List.of(), Map.of(), "cycle " + c + " did not report its busy and idle phases");
            }
            long[] rssAt = new long[marksSeconds.length];
            long[] committedAt = new long[marksSeconds.length];
            for (int i = 0; i < marksSeconds.length; i++) {
                Sample s = at(samples, idleStartMs[c] + marksSeconds[i] * 1000);
                rssAt[i] = s == null ? -1 : s.rss;
                committedAt[i] = s == null ? -1 : s.committed;
            }
            Sample start = at(samples, idleStartMs[c]);
            out.add(new Cycle(busy[c], start == null ? -1 : start.rss, rssAt, committedAt));
        }
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(dir.resolve("first-busy-cpu.tsv")))) {
            w.println("threads\tcpu_ms");
            firstBusyCpu.forEach((group, ms) -> w.println(group + "\t" + ms));
        }
        return new Result(out, Map.copyOf(firstBusyCpu), null);
    }

    /** The last sample taken at or before {@code ms}. */
    private static Sample at(List<Sample> samples, long ms) {
        Sample best = null;
        for (Sample s : samples) {
            if (s.ms <= ms) {
                best = s;
            }
        }
        return best;
    }

    private static long rss(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
