package dev.heapwise.it.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What heapwise's tuner gives back: the bursty application ({@link dev.heapwise.it.apps.BurstyApp}) with
 * and without the agent at its defaults, in alternating runs, per JDK and collector. Prints RSS and
 * committed heap as each idle phase starts and 10, 30 and 60 s into it, the reduction the agent makes
 * at 60 s, and the busy phases' throughput ratio (median of pairs, 90% bootstrap interval).
 *
 * <p>Usage: {@code FootprintBench --jdk17 DIR --jdk25 DIR --agent-jar JAR --classpath CP --work DIR
 * [--configs 17-G1,25-G1,25-Z,17-Parallel] [--pairs 3] [--burst-mb 1024] [--busy-seconds 25] [--idle-seconds 70]
 * [--cycles 2] [--heap 3g] [--contenders heapwise,heapwise:instrument=false]}: each round runs no agent and each
 * contender once (a {@code heapwise:} contender adds agent arguments and JVM flags joined by '+', as in
 * {@link OverheadBench}), and a table of CPU per kind of thread at the end of the first busy phase says where
 * a contender's cost went.
 */
public final class FootprintBench {
    private static final long[] MARKS = {10, 30, 60};
    private static final Contender NONE = Contender.none();
    private static final Map<String, String> GC_FLAGS = Map.of("G1", "-XX:+UseG1GC", "Z", "-XX:+UseZGC",
            "Parallel", "-XX:+UseParallelGC", "Serial", "-XX:+UseSerialGC");

    private FootprintBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Path work = Path.of(o.getOrDefault("work", "integration-tests/target/bench-footprint/"
                + Instant.now().toString().replace(":", "")));
        Files.createDirectories(work);
        Path jar = OverheadBench.copyAgentJar(Path.of(o.get("agent-jar")), work.resolve("heapwise-agent.jar"));
        int pairs = Integer.parseInt(o.getOrDefault("pairs", "3"));
        int cycles = Integer.parseInt(o.getOrDefault("cycles", "2"));
        long idle = Long.parseLong(o.getOrDefault("idle-seconds", "70"));
        String burst = o.getOrDefault("burst-mb", "1024");
        String busy = o.getOrDefault("busy-seconds", "25");
        String heap = o.getOrDefault("heap", "3g");
        List<Contender> contenders = new ArrayList<>(List.of(NONE));
        for (String name : o.getOrDefault("contenders", "heapwise").split(",")) {
            Contender c = Contender.parseHeapwise(jar, name);
            if (c == null) {
                throw new IllegalArgumentException("unknown contender " + name + ": heapwise or heapwise:a=1+b=2+-XX:Flag");
            }
            contenders.add(c);
        }
        List<String> configs = List.of(o.getOrDefault("configs", "17-G1,25-G1,25-Z,17-Parallel").split(","));
        System.out.printf(Locale.ROOT, "footprint bench: %s; %s; %d round(s) each, %d cycles of %s s busy (a %s MB live set) and %d s idle;"
                + " work directory %s%n", configs, contenders.stream().map(Contender::name).toList(), pairs, cycles, busy, burst,
                idle, work);
        Instant start = Instant.now();
        StringBuilder md = new StringBuilder();
        md.append("| JDK, collector | contender | busy ops/s (median) | RSS as idle starts | RSS +10 s | RSS +30 s | RSS +60 s | committed heap +60 s |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        StringBuilder summary = new StringBuilder();
        StringBuilder cpu = new StringBuilder("CPU seconds per kind of thread as the first busy phase ended (median of runs;"
                + " see ThreadCpu):\n\n| JDK, collector | contender | " + String.join(" | ", ThreadCpu.GROUPS) + " | all |\n|---|---|"
                + "---:|".repeat(ThreadCpu.GROUPS.size() + 1) + "\n");
        for (String config : configs) {
            String[] jg = config.split("-", 2);
            String java = o.get("jdk" + jg[0]) + "/bin/java";
            String gcFlag = GC_FLAGS.get(jg[1]);
            if (gcFlag == null || o.get("jdk" + jg[0]) == null) {
                System.out.println(config + ": unknown JDK or collector, skipped");
                continue;
            }
            // each round runs every contender once, in an order rotated by one, so none is always first or last
            Map<String, List<FootprintRun.Result>> runs = new LinkedHashMap<>();
            contenders.forEach(c -> runs.put(c.name(), new ArrayList<>()));
            for (int round = 0; round < pairs; round++) {
                for (int i = 0; i < contenders.size(); i++) {
                    Contender c = contenders.get((i + round) % contenders.size());
                    List<String> cmd = new ArrayList<>(List.of(java, gcFlag, "-Xmx" + heap));
                    cmd.addAll(c.jvmArgs());
                    cmd.addAll(List.of("-cp", o.get("classpath"), "dev.heapwise.it.apps.BurstyApp", "--burst-mb", burst,
                            "--busy-seconds", busy, "--idle-seconds", String.valueOf(idle), "--cycles", String.valueOf(cycles)));
                    Path dir = work.resolve(String.format(Locale.ROOT, "%s-r%02d-%s", config, round + 1,
                            c.name().replaceAll("[^A-Za-z0-9=.-]+", "_")));
                    FootprintRun.Result r = FootprintRun.run(cmd, dir, cycles, MARKS, cycles * (idle + 300) + 60);
                    if (!r.ok()) {
                        System.out.println("  " + dir.getFileName() + " failed: " + r.error());
                        runs.get(c.name()).add(null); // keeps rounds aligned for the paired ratios
                        continue;
                    }
                    runs.get(c.name()).add(r);
                    System.out.println("  " + dir.getFileName() + ": " + line(r.cycles()));
                }
            }
            List<FootprintRun.Result> none = runs.get(NONE.name());
            for (Contender c : contenders) {
                md.append(row(config, c.name(), ok(runs.get(c.name()))));
            }
            cpu.append(cpuRows(config, runs));
            for (Contender c : contenders.subList(1, contenders.size())) {
                summary.append(summary(config, c.name(), none, runs.get(c.name())));
            }
        }
        String out = md + "\n" + cpu + "\n" + summary;
        System.out.println();
        System.out.println(out);
        System.out.println("took " + Duration.between(start, Instant.now()).toMinutes() + " min");
        Files.writeString(work.resolve("results.md"), out);
        System.out.println("tables written to " + work.resolve("results.md"));
    }

    private static String line(List<FootprintRun.Cycle> cycles) {
        StringBuilder s = new StringBuilder();
        for (int c = 0; c < cycles.size(); c++) {
            FootprintRun.Cycle cy = cycles.get(c);
            s.append(String.format(Locale.ROOT, "%scycle %d: busy %.0f ops/s, RSS %s -> %s at +60 s (committed %s)",
                    c == 0 ? "" : "; ", c + 1, cy.busyOpsPerSec(), mb(cy.rssAtIdleStart()), mb(cy.rssAt()[2]), mb(cy.committedAt()[2])));
        }
        return s.toString();
    }

    private static List<FootprintRun.Result> ok(List<FootprintRun.Result> runs) {
        return runs.stream().filter(java.util.Objects::nonNull).toList();
    }

    private static String row(String config, String who, List<FootprintRun.Result> runs) {
        if (runs.isEmpty()) {
            return String.format(Locale.ROOT, "| %s | %s | every run failed | | | | | |%n", config, who);
        }
        return String.format(Locale.ROOT, "| %s | %s | %.0f | %s | %s | %s | %s | %s |%n", config, who,
                median(runs, c -> c.busyOpsPerSec()), mb(median(runs, c -> c.rssAtIdleStart())),
                mb(median(runs, c -> c.rssAt()[0])), mb(median(runs, c -> c.rssAt()[1])),
                mb(median(runs, c -> c.rssAt()[2])), mb(median(runs, c -> c.committedAt()[2])));
    }

    private static String cpuRows(String config, Map<String, List<FootprintRun.Result>> runs) {
        StringBuilder out = new StringBuilder();
        runs.forEach((who, results) -> {
            List<Map<String, Long>> cpu = ok(results).stream().map(FootprintRun.Result::firstBusyCpuMs)
                    .filter(m -> !m.isEmpty()).toList();
            if (cpu.isEmpty()) {
                return;
            }
            out.append("| ").append(config).append(" | ").append(who).append(" |");
            for (String group : ThreadCpu.GROUPS) {
                out.append(String.format(Locale.ROOT, " %.2f |", PairedStats.median(
                        cpu.stream().mapToDouble(m -> m.getOrDefault(group, 0L) / 1000.0).toArray())));
            }
            out.append(String.format(Locale.ROOT, " %.2f |%n", PairedStats.median(
                    cpu.stream().mapToDouble(m -> m.values().stream().mapToLong(Long::longValue).sum() / 1000.0).toArray())));
        });
        return out.toString();
    }

    /**
     * The RSS reduction at 60 s, and the busy throughput ratio twice: the first busy phase (what the
     * agent costs before it ever gave memory back) and the later ones (which start from the heap the
     * tuner gave back and must grow it again). Runs pair up by round; a round where either side failed is left out.
     */
    private static String summary(String config, String who, List<FootprintRun.Result> none, List<FootprintRun.Result> agent) {
        List<FootprintRun.Result> a = new ArrayList<>();
        List<FootprintRun.Result> b = new ArrayList<>();
        for (int i = 0; i < Math.min(none.size(), agent.size()); i++) {
            if (none.get(i) != null && agent.get(i) != null) {
                a.add(none.get(i));
                b.add(agent.get(i));
            }
        }
        if (a.isEmpty()) {
            return "- " + config + ", " + who + ": no round where both it and no agent ran\n";
        }
        double rssNone = median(a, c -> c.rssAt()[2]);
        double rssAgent = median(b, c -> c.rssAt()[2]);
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "- %s, %s: RSS 60 s into the idle phase %s against %s without an agent: %.0f%% %s", config, who, mb(rssAgent),
                mb(rssNone), 100 * Math.abs(1 - rssAgent / rssNone), rssAgent <= rssNone ? "less" : "more"));
        for (boolean first : new boolean[]{true, false}) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (int i = 0; i < a.size(); i++) {
                x.add(busy(a.get(i).cycles(), first));
                y.add(busy(b.get(i).cycles(), first));
            }
            if (x.contains(Double.NaN)) {
                continue;
            }
            PairedStats stats = new PairedStats(x, y);
            double[] ci = stats.ratioInterval(0.90, 10_000, 42);
            out.append(String.format(Locale.ROOT, "; busy throughput ratio, %s: %.3f [90%% CI %.3f-%.3f]",
                    first ? "first busy phase" : "later busy phases", stats.medianRatio(), ci[0], ci[1]));
        }
        return out.append(String.format(Locale.ROOT, " (%d round(s))%n", a.size())).toString();
    }

    /** The first cycle's busy throughput, or the mean of the later ones (NaN when there are none). */
    private static double busy(List<FootprintRun.Cycle> cycles, boolean first) {
        if (first) {
            return cycles.get(0).busyOpsPerSec();
        }
        return cycles.stream().skip(1).mapToDouble(FootprintRun.Cycle::busyOpsPerSec).average().orElse(Double.NaN);
    }

    private static double median(List<FootprintRun.Result> runs, java.util.function.ToDoubleFunction<FootprintRun.Cycle> f) {
        List<Double> all = new ArrayList<>();
        for (FootprintRun.Result run : runs) {
            for (FootprintRun.Cycle c : run.cycles()) {
                all.add(f.applyAsDouble(c));
            }
        }
        return PairedStats.median(all.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static String mb(double bytes) {
        return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f MB", bytes / (1 << 20));
    }
}
