package dev.heapwise.it.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The options of {@link OverheadBench}, checked before anything runs. */
record BenchOptions(String java, Path agentJar, String classPath, Path work, int rounds, double warmup, double seconds,
                    List<String> workloads, Path asyncProfiler, String asyncProfilerNote, String heap,
                    double fastPathNs, double allocBytes, List<String> contenders, int slices, double sliceSeconds,
                    List<String> jvmFlags) {
    /** The contenders a run compares with no agent unless --contenders names others. */
    static final List<String> DEFAULT_CONTENDERS = List.of("heapwise", "jfr", "async-profiler");
    /** Every contender --contenders accepts; {@code heapwise:ARGS} adds agent arguments and JVM flags (items starting with -), joined by +. */
    static final List<String> KNOWN_CONTENDERS = List.of("heapwise", "heapwise:ARGS", "jfr", "async-profiler", "nop-agent",
            "none-again");

    static BenchOptions parse(String[] args) {
        String java = "java";
        Path agentJar = null;
        String classPath = null;
        Path work = null;
        int rounds = 8;
        // Long enough for the classes heapwise rewrites to be loaded, rewritten and compiled before measuring.
        double warmup = 6;
        double seconds = 6;
        List<String> workloads = List.of("jackson", "h2", "lucene", "allocmicro");
        Path asyncProfiler = null;
        String note = "no --async-profiler given";
        String heap = "1g";
        double fastPathNs = 0;
        double allocBytes = 0;
        List<String> contenders = DEFAULT_CONTENDERS;
        int slices = 0;
        double sliceSeconds = 2;
        // Flags for every child, the no-agent one too: e.g. a JIT setting, to see what part of a cost it explains.
        List<String> jvmFlags = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                throw usage("option " + a + " needs a value");
            }
            String v = args[++i];
            switch (a) {
                case "--java" -> java = v;
                case "--agent-jar" -> agentJar = Path.of(v);
                case "--classpath" -> classPath = v;
                case "--work" -> work = Path.of(v);
                case "--pairs", "--rounds" -> rounds = Integer.parseInt(v);
                case "--warmup" -> warmup = Double.parseDouble(v);
                case "--seconds" -> seconds = Double.parseDouble(v);
                case "--workloads" -> workloads = Arrays.asList(v.split(","));
                case "--async-profiler" -> {
                    if (v.startsWith("none:")) {
                        note = v.substring("none:".length());
                    } else {
                        asyncProfiler = Path.of(v);
                    }
                }
                case "--heap" -> heap = v;
                case "--fast-path-ns" -> fastPathNs = Double.parseDouble(v);
                case "--alloc-bytes" -> allocBytes = Double.parseDouble(v);
                case "--contenders" -> contenders = Arrays.asList(v.split(","));
                case "--slices" -> slices = Integer.parseInt(v);
                case "--slice-seconds" -> sliceSeconds = Double.parseDouble(v);
                case "--jvm-flag" -> {
                    if (!v.startsWith("-")) {
                        throw usage("--jvm-flag takes one JVM option starting with '-', got " + v);
                    }
                    jvmFlags.add(v);
                }
                default -> throw usage("unknown option " + a);
            }
        }
        if (agentJar == null || classPath == null) {
            throw usage("--agent-jar and --classpath are required");
        }
        for (String w : workloads) {
            if (!OverheadBench.WORKLOADS.containsKey(w)) {
                throw usage("unknown workload " + w + "; known: " + OverheadBench.WORKLOADS.keySet());
            }
        }
        for (String c : contenders) {
            if (!KNOWN_CONTENDERS.contains(c) && !c.startsWith("heapwise:")) {
                throw usage("unknown contender " + c + "; known: " + KNOWN_CONTENDERS);
            }
        }
        if (asyncProfiler != null && !Files.isRegularFile(asyncProfiler)) {
            note = asyncProfiler + " does not exist";
            asyncProfiler = null;
        }
        if (rounds < 1 || warmup < 0 || seconds <= 0) {
            throw usage("--pairs must be at least 1, --seconds above 0");
        }
        if (slices < 0 || sliceSeconds <= 0) {
            throw usage("--slices must be 0 (a fresh JVM per measurement) or more, --slice-seconds above 0");
        }
        if (work == null) {
            work = Path.of(System.getProperty("java.io.tmpdir"), "heapwise-bench-overhead-" + ProcessHandle.current().pid());
        }
        // Each child runs in its own directory: every path it is given must be absolute.
        String absoluteClassPath = Arrays.stream(classPath.split(File.pathSeparator))
                .map(e -> Path.of(e).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
        return new BenchOptions(java, agentJar.toAbsolutePath(), absoluteClassPath, work.toAbsolutePath(), rounds, warmup, seconds, List.copyOf(workloads),
                asyncProfiler == null ? null : asyncProfiler.toAbsolutePath(), note, heap, fastPathNs, allocBytes, List.copyOf(contenders), slices, sliceSeconds,
                List.copyOf(jvmFlags));
    }

    private static IllegalArgumentException usage(String why) {
        return new IllegalArgumentException(why + "\nusage: OverheadBench --java J --agent-jar JAR --classpath CP [--work DIR]"
                + " [--pairs N] [--warmup S] [--seconds S] [--workloads a,b] [--async-profiler LIB.so|none:REASON]"
                + " [--heap 1g] [--fast-path-ns NS --alloc-bytes B] [--slices N [--slice-seconds 2]] [--jvm-flag -XX:.. ...] [--contenders "
                + String.join(",", KNOWN_CONTENDERS) + "]");
    }
}
