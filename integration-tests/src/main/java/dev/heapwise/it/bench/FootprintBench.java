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
 * [--cycles 2] [--heap 3g]}
 */
public final class FootprintBench {
    private static final long[] MARKS = {10, 30, 60};
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
        List<String> configs = List.of(o.getOrDefault("configs", "17-G1,25-G1,25-Z,17-Parallel").split(","));
        System.out.printf(Locale.ROOT, "footprint bench: %s; %d pair(s) each, %d cycles of %s s busy (a %s MB live set) and %d s idle;"
                + " work directory %s%n", configs, pairs, cycles, busy, burst, idle, work);
        Instant start = Instant.now();
        StringBuilder md = new StringBuilder();
        md.append("| JDK, collector | contender | busy ops/s (median) | RSS as idle starts | RSS +10 s | RSS +30 s | RSS +60 s | committed heap +60 s |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        StringBuilder summary = new StringBuilder();
        for (String config : configs) {
            String[] jg = config.split("-", 2);
            String java = o.get("jdk" + jg[0]) + "/bin/java";
            String gcFlag = GC_FLAGS.get(jg[1]);
            if (gcFlag == null || o.get("jdk" + jg[0]) == null) {
                System.out.println(config + ": unknown JDK or collector, skipped");
                continue;
            }
            List<List<FootprintRun.Cycle>> none = new ArrayList<>();
            List<List<FootprintRun.Cycle>> agent = new ArrayList<>();
            for (int pair = 0; pair < pairs; pair++) {
                for (int side = 0; side < 2; side++) {
                    boolean withAgent = (side + pair) % 2 == 1;
                    List<String> cmd = new ArrayList<>(List.of(java, gcFlag, "-Xmx" + heap));
                    if (withAgent) {
                        cmd.add("-javaagent:" + jar + "=port=0,summaryInterval=0");
                    }
                    cmd.addAll(List.of("-cp", o.get("classpath"), "dev.heapwise.it.apps.BurstyApp", "--burst-mb", burst,
                            "--busy-seconds", busy, "--idle-seconds", String.valueOf(idle), "--cycles", String.valueOf(cycles)));
                    Path dir = work.resolve(String.format(Locale.ROOT, "%s-p%02d-%s", config, pair + 1, withAgent ? "heapwise" : "none"));
                    FootprintRun.Result r = FootprintRun.run(cmd, dir, cycles, MARKS, cycles * (idle + 300) + 60);
                    if (!r.ok()) {
                        System.out.println("  " + dir.getFileName() + " failed: " + r.error());
                        continue;
                    }
                    (withAgent ? agent : none).add(r.cycles());
                    System.out.println("  " + dir.getFileName() + ": " + line(r.cycles()));
                }
            }
            if (none.isEmpty() || agent.isEmpty()) {
                continue;
            }
            md.append(row(config, "no agent", none)).append(row(config, "heapwise", agent));
            summary.append(summary(config, none, agent));
        }
        String out = md + "\n" + summary;
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

    private static String row(String config, String who, List<List<FootprintRun.Cycle>> runs) {
        return String.format(Locale.ROOT, "| %s | %s | %.0f | %s | %s | %s | %s | %s |%n", config, who,
                median(runs, c -> c.busyOpsPerSec()), mb(median(runs, c -> c.rssAtIdleStart())),
                mb(median(runs, c -> c.rssAt()[0])), mb(median(runs, c -> c.rssAt()[1])),
                mb(median(runs, c -> c.rssAt()[2])), mb(median(runs, c -> c.committedAt()[2])));
    }

    /**
     * The RSS reduction at 60 s, and the busy throughput ratio twice: the first busy phase (what the
     * agent costs before it ever gave memory back) and the later ones (which start from the heap the
     * tuner gave back and must grow it again).
     */
    private static String summary(String config, List<List<FootprintRun.Cycle>> none, List<List<FootprintRun.Cycle>> agent) {
        double rssNone = median(none, c -> c.rssAt()[2]);
        double rssAgent = median(agent, c -> c.rssAt()[2]);
        int n = Math.min(none.size(), agent.size());
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "- %s: RSS 60 s into the idle phase %s with heapwise against %s without: %.0f%% less", config, mb(rssAgent),
                mb(rssNone), 100 * (1 - rssAgent / rssNone)));
        for (boolean first : new boolean[]{true, false}) {
            List<Double> a = new ArrayList<>();
            List<Double> b = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                a.add(busy(none.get(i), first));
                b.add(busy(agent.get(i), first));
            }
            if (a.contains(Double.NaN)) {
                continue;
            }
            PairedStats stats = new PairedStats(a, b);
            double[] ci = stats.ratioInterval(0.90, 10_000, 42);
            out.append(String.format(Locale.ROOT, "; busy throughput ratio, %s: %.3f [90%% CI %.3f-%.3f]",
                    first ? "first busy phase" : "later busy phases", stats.medianRatio(), ci[0], ci[1]));
        }
        return out.append(String.format(Locale.ROOT, " (%d pair(s))%n", n)).toString();
    }

    /** The first cycle's busy throughput, or the mean of the later ones (NaN when there are none). */
    private static double busy(List<FootprintRun.Cycle> cycles, boolean first) {
        if (first) {
            return cycles.get(0).busyOpsPerSec();
        }
        return cycles.stream().skip(1).mapToDouble(FootprintRun.Cycle::busyOpsPerSec).average().orElse(Double.NaN);
    }

    private static double median(List<List<FootprintRun.Cycle>> runs, java.util.function.ToDoubleFunction<FootprintRun.Cycle> f) {
        List<Double> all = new ArrayList<>();
        for (List<FootprintRun.Cycle> run : runs) {
            for (FootprintRun.Cycle c : run) {
                all.add(f.applyAsDouble(c));
            }
        }
        return PairedStats.median(all.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static String mb(double bytes) {
        return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f MB", bytes / (1 << 20));
    }
}
