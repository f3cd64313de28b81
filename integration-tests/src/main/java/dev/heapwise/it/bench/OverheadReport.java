package dev.heapwise.it.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tables of scripts/bench-overhead. Per workload: the median throughput of each contender; the
 * median of the per-pair ratios (contender / no agent, both from the same round) with a 90% bootstrap
 * interval, since one pair on this machine varies by 10-15%; and the bytes per second the JVM itself
 * counted for the workload thread without an agent, the input of the cost model (fast-path nanoseconds
 * times allocations per second), printed beside the measured ratio when its inputs are given.
 */
final class OverheadReport {
    /** Per workload, per contender: one outcome per round (null for a round it did not run). */
    private final Map<String, Map<String, List<ChildRun.Outcome>>> outcomes = new LinkedHashMap<>();
    private final List<String> contenders;
    private final double fastPathNs;
    private final double bytesPerAllocation;
    /** Consecutive rounds that share one launch of each contender (1: a fresh JVM for every round). */
    private final int clusterSize;
    /** Per workload, per contender: CPU used between its own slices, in cores, one figure per launch. */
    private final Map<String, Map<String, List<Double>>> background = new LinkedHashMap<>();
    /** Per workload, per contender: GC tuner changes in kept-warm children (fresh runs carry theirs in the outcome). */
    private final Map<String, Map<String, Integer>> launchTunerChanges = new LinkedHashMap<>();

    OverheadReport(List<String> contenders, double fastPathNs, double bytesPerAllocation, int clusterSize) {
        this.contenders = contenders;
        this.fastPathNs = fastPathNs;
        this.bytesPerAllocation = bytesPerAllocation;
        this.clusterSize = Math.max(1, clusterSize);
    }

    /** What one launch of a kept-warm child did beside its slices: CPU between them (in cores) and tuner changes. */
    void launch(String workload, String contender, double backgroundCores, int tunerChanges) {
        background.computeIfAbsent(workload, w -> new LinkedHashMap<>()).computeIfAbsent(contender, c -> new ArrayList<>()).add(backgroundCores);
        launchTunerChanges.computeIfAbsent(workload, w -> new LinkedHashMap<>()).merge(contender, tunerChanges, Integer::sum);
    }

    void add(String workload, String contender, int round, ChildRun.Outcome outcome) {
        List<ChildRun.Outcome> list = outcomes.computeIfAbsent(workload, w -> new LinkedHashMap<>())
                .computeIfAbsent(contender, c -> new ArrayList<>());
        while (list.size() <= round) {
            list.add(null);
        }
        list.set(round, outcome);
    }

    /** Pairs of (no agent, contender) throughput from rounds in which both ran. */
    PairedStats pairs(String workload, String contender) {
        List<ChildRun.Outcome> base = rounds(workload, contenders.get(0));
        List<ChildRun.Outcome> other = rounds(workload, contender);
        List<Double> a = new ArrayList<>();
        List<Double> b = new ArrayList<>();
        List<Integer> clusters = new ArrayList<>();
        for (int r = 0; r < Math.min(base.size(), other.size()); r++) {
            if (ok(base.get(r)) && ok(other.get(r))) {
                a.add(base.get(r).opsPerSec());
                b.add(other.get(r).opsPerSec());
                clusters.add(r / clusterSize);
            }
        }
        return a.isEmpty() ? null : new PairedStats(a, b, clusters);
    }

    String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("| workload | no agent, ops/s | JVM-counted allocation, MB/s |");
        for (String c : contenders.subList(1, contenders.size())) {
            out.append(' ').append(c).append(": ratio [90% CI] |");
        }
        if (modelled()) {
            out.append(" heapwise model |");
        }
        out.append(" pairs |\n|---|---:|---:|");
        out.append("---:|".repeat(contenders.size() - 1 + (modelled() ? 1 : 0))).append("---:|\n");
        for (String w : outcomes.keySet()) {
            double[] baseOps = values(w, contenders.get(0), true);
            double[] alloc = values(w, contenders.get(0), false);
            out.append("| ").append(w).append(" | ").append(baseOps.length == 0 ? "-" : fmt("%.0f", PairedStats.median(baseOps)))
                    .append(" | ").append(alloc.length == 0 ? "-" : fmt("%.0f", PairedStats.median(alloc) / 1e6)).append(" |");
            int pairs = 0;
            for (String c : contenders.subList(1, contenders.size())) {
                PairedStats s = pairs(w, c);
                if (s == null) {
                    out.append(" not run |");
                    continue;
                }
                pairs = Math.max(pairs, s.ratios().length);
                double[] ci = s.ratioInterval(0.90, 10_000, 42);
                out.append(fmt(" %.3f [%.3f-%.3f]%s |", s.medianRatio(), ci[0], ci[1],
                        ci[0] <= 1 && ci[1] >= 1 ? " (within noise)" : ""));
            }
            if (modelled()) {
                double allocsPerSec = alloc.length == 0 ? 0 : PairedStats.median(alloc) / bytesPerAllocation;
                out.append(fmt(" %.3f |", 1 / (1 + fastPathNs * 1e-9 * allocsPerSec)));
            }
            out.append(' ').append(pairs).append(" |\n");
        }
        return out.toString();
    }

    /**
     * Median throughput, CPU per operation and pause p99 of every contender (the figures behind the
     * ratios), and how many changes heapwise's GC tuner made in all its runs of the workload.
     */
    String details() {
        boolean sliced = clusterSize > 1;
        StringBuilder out = new StringBuilder("| workload | contender | median ops/s | median CPU us/op | median pause p99 ms | tuner changes | "
                + (sliced ? "CPU between its slices, % of a core | ratio per launch | slices ok |\n|---|---|---:|---:|---:|---:|---:|---|---:|\n"
                : "runs ok |\n|---|---|---:|---:|---:|---:|---:|\n"));
        for (String w : outcomes.keySet()) {
            for (String c : contenders) {
                double[] ops = values(w, c, true);
                List<Double> cpu = new ArrayList<>();
                rounds(w, c).stream().filter(OverheadReport::ok).forEach(o -> cpu.add(o.cpuMsPerOp() * 1000));
                double[] p99 = rounds(w, c).stream().filter(OverheadReport::ok).mapToDouble(ChildRun.Outcome::pauseP99Ms)
                        .filter(v -> v >= 0).toArray();
                int changes = rounds(w, c).stream().filter(OverheadReport::ok).mapToInt(ChildRun.Outcome::tunerDecisions).sum()
                        + launchTunerChanges.getOrDefault(w, Map.of()).getOrDefault(c, 0);
                out.append(fmt("| %s | %s | %s | %s | %s | %d | ", w, c, ops.length == 0 ? "-" : fmt("%.1f", PairedStats.median(ops)),
                        cpu.isEmpty() ? "-" : fmt("%.1f", PairedStats.median(cpu.stream().mapToDouble(Double::doubleValue).toArray())),
                        p99.length == 0 ? "-" : fmt("%.0f", PairedStats.median(p99)), changes));
                if (sliced) {
                    List<Double> bg = background.getOrDefault(w, Map.of()).getOrDefault(c, List.of());
                    PairedStats s = c.equals(contenders.get(0)) ? null : pairs(w, c);
                    out.append(bg.isEmpty() ? "-" : fmt("%.2f", 100 * PairedStats.median(bg.stream().mapToDouble(Double::doubleValue).toArray())))
                            .append(" | ").append(s == null ? "-" : joined(s.clusterMedians())).append(" | ");
                }
                out.append(ops.length).append(" |\n");
            }
        }
        return out.toString();
    }

    private static String joined(double[] values) {
        StringBuilder b = new StringBuilder();
        for (double v : values) {
            b.append(b.length() == 0 ? "" : ", ").append(fmt("%.3f", v));
        }
        return b.toString();
    }

    private boolean modelled() {
        return fastPathNs > 0 && bytesPerAllocation > 0;
    }

    private List<ChildRun.Outcome> rounds(String workload, String contender) {
        return outcomes.getOrDefault(workload, Map.of()).getOrDefault(contender, List.of());
    }

    private double[] values(String workload, String contender, boolean throughput) {
        return rounds(workload, contender).stream().filter(OverheadReport::ok)
                .mapToDouble(o -> throughput ? o.opsPerSec() : o.allocBytesPerSec()).toArray();
    }

    private static boolean ok(ChildRun.Outcome o) {
        return o != null && o.ok();
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
