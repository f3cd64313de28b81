package dev.heapwise.it.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.jar.JarFile;

/**
 * What heapwise costs real workloads, next to JFR and async-profiler, on a machine where one pair of runs
 * differs by 10-15% by itself (see DESIGN.md, "Measuring overhead on these machines"). Every round runs
 * each workload once under each contender, in an order rotated by one each round, so that each contender
 * goes first equally often and the machine's drift hits all alike; the number of rounds is rounded up to
 * a multiple of the contenders. Each run is a fresh JVM: a fixed warm-up, then a fixed measurement; or,
 * with {@code --slices N}, one kept-warm JVM per contender per round measured in N short slices in turn
 * ({@link SlicedRounds}), which this machine's minutes-long slow spells disturb far less.
 * The agent jar is copied once at the start, so a rebuild during the run cannot mix two agents.
 *
 * <p>Usage: {@code OverheadBench --java J --agent-jar JAR --classpath CP [--work DIR] [--pairs N]
 * [--warmup S] [--seconds S] [--workloads jackson,h2,lucene,allocmicro] [--async-profiler LIB.so]
 * [--heap 1g] [--fast-path-ns NS --alloc-bytes B] [--slices N [--slice-seconds 2]]
 * [--contenders heapwise,jfr,async-profiler,nop-agent,none-again,heapwise:ARGS]}
 */
public final class OverheadBench {
    static final Map<String, String> WORKLOADS = new LinkedHashMap<>();

    static {
        WORKLOADS.put("jackson", "dev.heapwise.it.workloads.JacksonWorkload");
        WORKLOADS.put("h2", "dev.heapwise.it.workloads.H2Workload");
        WORKLOADS.put("lucene", "dev.heapwise.it.workloads.LuceneWorkload");
        WORKLOADS.put("allocmicro", "dev.heapwise.it.workloads.AllocMicro");
        WORKLOADS.put("shapes", "dev.heapwise.it.workloads.BytecodeShapes");
    }

    /** A contender that fails this often is dropped for the rest of the run, loudly. */
    static final int MAX_FAILURES = 2;

    private OverheadBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchOptions o = BenchOptions.parse(args);
        Files.createDirectories(o.work());
        Path jar = copyAgentJar(o.agentJar(), o.work().resolve("heapwise-agent.jar"));
        List<Contender> contenders = new ArrayList<>(List.of(Contender.none()));
        for (String name : o.contenders()) {
            switch (name) {
                case "jfr" -> contenders.add(Contender.jfr());
                case "nop-agent" -> contenders.add(Contender.nopAgent(NopAgent.jar(o.work(), o.classPath().split(File.pathSeparator)[0])));
                case "none-again" -> contenders.add(Contender.noneAgain());
                case "async-profiler" -> {
                    if (o.asyncProfiler() != null) {
                        contenders.add(Contender.asyncProfiler(o.asyncProfiler()));
                    } else {
                        System.out.println("async-profiler: not available, its column is skipped (" + o.asyncProfilerNote() + ")");
                    }
                }
                default -> {
                    Contender c = Contender.parseHeapwise(jar, name);
                    if (c == null) {
                        throw new IllegalArgumentException("unknown contender " + name);
                    }
                    contenders.add(c);
                }
            }
        }
        int k = contenders.size();
        int rounds = (o.rounds() + k - 1) / k * k;
        List<String> flags = new ArrayList<>(List.of("-Xms" + o.heap(), "-Xmx" + o.heap()));
        flags.addAll(o.jvmFlags());
        boolean sliced = o.slices() > 0;
        double perRound = sliced ? k * (o.warmup() + 1.5 + (o.slices() + 1) * o.sliceSeconds()) : k * (o.warmup() + o.seconds() + 0.8);
        System.out.printf(Locale.ROOT, "overhead bench: %s; workloads %s; %d rounds x %d contenders, %s; expect about %.0f min%n",
                o.java(), o.workloads(), rounds, k, sliced
                        ? String.format(Locale.ROOT, "one JVM each per round, warm-up %.1f s, then %d slices of %.1f s in turn",
                        o.warmup(), o.slices(), o.sliceSeconds())
                        : String.format(Locale.ROOT, "warm-up %.1f s + measurement %.1f s each", o.warmup(), o.seconds()),
                rounds * o.workloads().size() * perRound / 60);
        if (!o.jvmFlags().isEmpty()) {
            System.out.println("every child, the no-agent one too, also runs with " + String.join(" ", o.jvmFlags()));
        }
        System.out.println("work directory (each run's command and output): " + o.work());

        List<String> names = contenders.stream().map(Contender::name).toList();
        OverheadReport report = new OverheadReport(names, o.fastPathNs(), o.allocBytes(), sliced ? o.slices() : 1);
        Map<String, Integer> failures = new LinkedHashMap<>();
        Instant start = Instant.now();
        // One unmeasured run of each workload first: the first JVM to read the jars from a cold file cache
        // would otherwise hand whichever contender goes first in round 1 a handicap.
        for (String workload : o.workloads()) {
            ChildRun.Outcome primed = ChildRun.run(o.java(), flags, o.classPath(), WORKLOADS.get(workload), contenders.get(0),
                    0, 0.5, o.work().resolve("runs").resolve("r00-" + workload + "-prime"));
            if (!primed.ok()) {
                throw new IllegalStateException(workload + " does not run even without an agent: " + primed.error());
            }
        }
        if (sliced) {
            SlicedRounds.run(o, contenders, flags, rounds, report, failures);
        } else {
            freshRounds(o, contenders, flags, rounds, report, failures);
        }
        String how = sliced
                ? "per pair of slices in the same turn (kept-warm JVMs, seconds apart); the median of the pairs and a 90% bootstrap"
                + " interval that resamples launches, then slices within them"
                : "per pair of runs in the same round; the median of the pairs and a 90% bootstrap interval";
        String md = "Throughput ratio = contender / no agent, " + how + ". 'within noise' = the interval contains 1.\n\n"
                + report.markdown() + "\n" + report.details();
        System.out.println();
        System.out.println(md);
        System.out.printf(Locale.ROOT, "%s; %d rounds, warm-up %.1f s, %s; took %d min%n",
                javaVersion(o.java()), rounds, o.warmup(), sliced
                        ? String.format(Locale.ROOT, "%d slices of %.1f s", o.slices(), o.sliceSeconds())
                        : String.format(Locale.ROOT, "measurement %.1f s", o.seconds()),
                Duration.between(start, Instant.now()).toMinutes());
        Files.writeString(o.work().resolve("results.md"), md);
        System.out.println("tables written to " + o.work().resolve("results.md"));
    }

    /** Every round runs each workload once under each contender, each a fresh JVM, in an order rotated by one. */
    private static void freshRounds(BenchOptions o, List<Contender> contenders, List<String> flags, int rounds,
                                    OverheadReport report, Map<String, Integer> failures) throws IOException, InterruptedException {
        int k = contenders.size();
        for (int round = 0; round < rounds; round++) {
            for (String workload : o.workloads()) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "round %2d/%d %-10s", round + 1, rounds, workload));
                for (int i = 0; i < k; i++) {
                    Contender c = contenders.get((i + round) % k);
                    if (failures.getOrDefault(c.name(), 0) >= MAX_FAILURES) {
                        continue;
                    }
                    Path dir = o.work().resolve("runs").resolve(String.format(Locale.ROOT, "r%02d-%s-%d", round + 1, workload, (i + round) % k));
                    ChildRun.Outcome out = ChildRun.run(o.java(), flags, o.classPath(), WORKLOADS.get(workload), c,
                            o.warmup(), o.seconds(), dir);
                    report.add(workload, c.name(), round, out);
                    if (out.ok()) {
                        line.append(String.format(Locale.ROOT, "  %s %.0f", c.name(), out.opsPerSec()));
                    } else {
                        line.append("  ").append(c.name()).append(" FAILED");
                        failed(failures, c.name(), dir, out.error());
                    }
                }
                System.out.println(line);
            }
        }
    }

    /** Counts and prints a contender's failure; at {@link #MAX_FAILURES} it is dropped for the rest of the run. */
    static void failed(Map<String, Integer> failures, String contender, Path dir, String why) {
        int n = failures.merge(contender, 1, Integer::sum);
        System.out.println("  " + contender + " failed (" + dir + "): " + why);
        if (n >= MAX_FAILURES) {
            System.out.println("  " + contender + " failed " + n + " times: dropped for the rest of the run");
        }
    }

    /** A whole copy (a jar being rebuilt is copied again until it has its manifest), or a clear failure. */
    static Path copyAgentJar(Path built, Path copy) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                Files.copy(built, copy, StandardCopyOption.REPLACE_EXISTING);
                try (JarFile j = new JarFile(copy.toFile())) {
                    if (j.getManifest() != null && j.getManifest().getMainAttributes().getValue("Premain-Class") != null) {
                        return copy;
                    }
                }
            } catch (IOException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IOException("no complete agent jar at " + built + " within 60 s", e);
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IOException(built + " has no Premain-Class: not an agent jar");
            }
            Thread.sleep(200);
        }
    }

    private static String javaVersion(String java) {
        try {
            Process p = new ProcessBuilder(java, "-version").redirectErrorStream(true).start();
            String first = new String(p.getInputStream().readAllBytes()).lines().findFirst().orElse("?");
            p.waitFor();
            return first;
        } catch (IOException | InterruptedException e) {
            return java;
        }
    }
}
