package dev.heapwise.it.workloads;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Every workload in one JVM, one after another, e.g. {@code AllWorkloads --digest --hold}: a DIGEST line
 * per workload. The correctness test uses it so that one instrumented child (one agent start, one set of
 * transformations) covers all libraries. {@code --only jackson,h2} narrows the set; the other options
 * are {@link WorkloadRunner}'s.
 */
public final class AllWorkloads {
    /** In the order they run. */
    public static final List<Supplier<Workload>> ALL = List.of(JacksonWorkload::new, H2Workload::new,
            LuceneWorkload::new, AllocMicro::new, BytecodeShapes::new, LegacyWorkload::new);

    private AllWorkloads() {
    }

    public static void main(String[] args) {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        Set<String> only = new HashSet<>();
        int at = rest.indexOf("--only");
        if (at >= 0 && at + 1 < rest.size()) {
            only.addAll(Arrays.asList(rest.get(at + 1).split(",")));
            rest.subList(at, at + 2).clear();
        }
        List<Workload> chosen = new ArrayList<>();
        Set<String> known = new HashSet<>();
        for (Supplier<Workload> s : ALL) {
            Workload w = s.get();
            known.add(w.name());
            if (only.isEmpty() || only.contains(w.name())) {
                chosen.add(w);
            }
        }
        if (!known.containsAll(only)) {
            System.err.println("unknown workloads in --only " + only + "; known: " + known);
            System.exit(2);
        }
        WorkloadRunner.run(chosen, rest.toArray(String[]::new));
    }
}
