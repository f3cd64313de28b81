package dev.heapwise.it.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The bench's {@code --slices N} mode. On this machine a vCPU runs up to 40% slower for minutes at a
 * time while a neighbour is busy (two no-agent JVMs pinned one per vCPU read 17,500 and 31,300 ops/s at
 * once), so runs minutes apart differ by that much. Here each round starts one JVM per contender and
 * warms each up in turn (alone, so their JIT queues are what they would be); then the warm JVMs are
 * measured one after another in short slices, the order rotated each time, so that the slices compared
 * are seconds apart. A round's slices share that launch's JIT decisions, so rounds (launches) are the
 * clusters of the interval, and more rounds, not more slices, narrow it once JIT shapes differ.
 *
 * <p>While one child is measured the others wait on stdin. What a contender's JVM does while waiting
 * (an agent's own threads) falls on the slices of the others, so it is measured per child and shown
 * beside the ratios: CPU between its own slices as a share of a core.
 */
final class SlicedRounds {
    private SlicedRounds() {
    }

    static void run(BenchOptions o, List<Contender> contenders, List<String> flags, int rounds, OverheadReport report,
                    Map<String, Integer> failures) throws IOException, InterruptedException {
        int k = contenders.size();
        for (int round = 0; round < rounds; round++) {
            for (String workload : o.workloads()) {
                Path dir = o.work().resolve("runs").resolve(String.format(Locale.ROOT, "r%02d-%s", round + 1, workload));
                List<SlicedChild> children = new ArrayList<>();
                List<Integer> started = new ArrayList<>();
                try {
                    for (int i = 0; i < k; i++) {
                        int ci = (i + round) % k;
                        Contender c = contenders.get(ci);
                        if (failures.getOrDefault(c.name(), 0) >= OverheadBench.MAX_FAILURES) {
                            continue;
                        }
                        try {
                            children.add(SlicedChild.start(o.java(), flags, o.classPath(), OverheadBench.WORKLOADS.get(workload), c,
                                    o.warmup(), dir.resolve(String.valueOf(ci))));
                            started.add(ci);
                        } catch (IOException e) {
                            OverheadBench.failed(failures, c.name(), dir.resolve(String.valueOf(ci)), e.getMessage());
                        }
                    }
                    measure(o, contenders, children, started, round, workload, report, failures, dir);
                } finally {
                    children.forEach(SlicedChild::close);
                }
            }
        }
    }

    private static void measure(BenchOptions o, List<Contender> contenders, List<SlicedChild> children, List<Integer> started,
                                int round, String workload, OverheadReport report, Map<String, Integer> failures, Path dir)
            throws IOException, InterruptedException {
        int n = children.size();
        for (SlicedChild child : children) {
            child.slice(o.sliceSeconds()); // unmeasured: each child's first run after the others' warm-ups
        }
        children.forEach(SlicedChild::startAccounting);
        List<List<ChildRun.Outcome>> slices = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            slices.add(new ArrayList<>());
        }
        for (int s = 0; s < o.slices(); s++) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "round %2d slice %3d/%d %-10s", round + 1, s + 1,
                    o.slices(), workload));
            for (int i = 0; i < n; i++) {
                int j = (i + s) % n;
                ChildRun.Outcome out = children.get(j).slice(o.sliceSeconds());
                slices.get(j).add(out);
                line.append(out.ok() ? String.format(Locale.ROOT, "  %s %.0f", contenders.get(started.get(j)).name(), out.opsPerSec())
                        : "  " + contenders.get(started.get(j)).name() + " FAILED");
            }
            if (s % 10 == 9 || s == o.slices() - 1) {
                System.out.println(line);
            }
        }
        for (int j = 0; j < n; j++) {
            SlicedChild child = children.get(j);
            String name = contenders.get(started.get(j)).name();
            double background = child.backgroundCpuShare();
            int changes = child.tunerDecisions();
            String wrong = child.finish();
            if (wrong != null) {
                OverheadBench.failed(failures, name, dir.resolve(String.valueOf(started.get(j))), wrong);
                continue; // none of its slices count: the contender may not have been running at all
            }
            List<ChildRun.Outcome> outs = slices.get(j);
            for (int s = 0; s < outs.size(); s++) {
                report.add(workload, name, round * o.slices() + s, outs.get(s));
            }
            report.launch(workload, name, background, changes);
        }
    }
}
