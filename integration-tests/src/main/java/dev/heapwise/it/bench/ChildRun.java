package dev.heapwise.it.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One benchmark child: a workload main with one contender's JVM arguments, its RESULT line parsed. The
 * child's output is kept in its own directory; its recording (if any) is deleted once checked, because a
 * full run writes hundreds of them.
 */
final class ChildRun {
    private static final Pattern RESULT = Pattern.compile("(?m)^RESULT (.*)$");
    private static final Pattern FIELD = Pattern.compile("(\\w+)=(\\S+)");

    /**
     * What one run (or one slice of a kept-warm child) measured; {@code error} is non-null when it does not count.
     *
     * @param pauseP99Ms      the run's GC pause p99 (-1: no pause in the window)
     * @param tunerDecisions  heapwise's GC tuner log lines in the run (0 for other contenders)
     */
    record Outcome(double opsPerSec, double allocBytesPerSec, double cpuMsPerOp, double pauseP99Ms, int tunerDecisions,
                   String error) {
        boolean ok() {
            return error == null;
        }
    }

    /** The children running now, so that stopping the bench (Ctrl-C) does not leave them running on. */
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "overhead-bench-reaper"));
    }

    private ChildRun() {
    }

    static Outcome run(String java, List<String> commonFlags, String classPath, String mainClass, Contender contender,
                       double warmup, double seconds, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path recording = dir.resolve("recording.jfr");
        List<String> cmd = command(java, commonFlags, classPath, mainClass, contender, recording,
                List.of("--warmup", String.valueOf(warmup), "--seconds", String.valueOf(seconds)));
        Process p = hermetic(cmd, dir).redirectOutput(dir.resolve("stdout.txt").toFile()).start();
        tracked(p);
        long limit = (long) (warmup + seconds) + 120;
        if (!p.waitFor(limit, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            LIVE.remove(p);
            return failed("did not finish within " + limit + " s");
        }
        LIVE.remove(p);
        String stdout = Files.readString(dir.resolve("stdout.txt"));
        String stderr = Files.readString(dir.resolve("stderr.txt"));
        try {
            String wrong = wrongEnd(p, contender, recording, stdout, stderr);
            if (wrong != null) {
                return failed(wrong);
            }
            Matcher m = RESULT.matcher(stdout);
            if (!m.find()) {
                return failed("no RESULT line: " + tail(stdout));
            }
            return outcome(m.group(1), countTunerDecisions(stderr));
        } finally {
            Files.deleteIfExists(recording);
        }
    }

    /** The child's command line, written to {@code command.txt} in its directory. */
    static List<String> command(String java, List<String> commonFlags, String classPath, String mainClass, Contender contender,
                                Path recording, List<String> mainArgs) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(commonFlags);
        cmd.addAll(contender.argsFor(recording));
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(mainClass);
        cmd.addAll(mainArgs);
        Files.writeString(recording.resolveSibling("command.txt"), String.join(" ", cmd) + "\n");
        return cmd;
    }

    /** Started in {@code dir}, stderr to {@code stderr.txt}, with nothing from the caller's environment configuring it. */
    static ProcessBuilder hermetic(List<String> cmd, Path dir) {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(dir.resolve("stderr.txt").toFile());
        // Hermetic: nothing from the caller's environment may configure the agent or add JVM options.
        pb.environment().keySet().removeIf(k -> k.startsWith("HEAPWISE_") || k.equals("JAVA_TOOL_OPTIONS")
                || k.equals("JDK_JAVA_OPTIONS"));
        return pb;
    }

    /** Why an ended child does not count (a failed exit, or its contender left no trace of running), or null. */
    static String wrongEnd(Process p, Contender contender, Path recording, String stdout, String stderr) throws IOException {
        if (p.exitValue() != 0) {
            return "exit " + p.exitValue() + ": " + tail(stderr.isBlank() ? stdout : stderr);
        }
        String missing = contender.missingEvidence(recording, stderr);
        return missing == null ? null : contender.name() + " did not run: " + missing;
    }

    /** A RESULT or SLICE line's fields ({@code ops_per_sec=.. ops=.. ...}) as an outcome. */
    static Outcome outcome(String fields, int tunerDecisions) {
        Map<String, String> f = new HashMap<>();
        Matcher fm = FIELD.matcher(fields);
        while (fm.find()) {
            f.put(fm.group(1), fm.group(2));
        }
        double ops = Double.parseDouble(f.get("ops"));
        return new Outcome(Double.parseDouble(f.get("ops_per_sec")), Double.parseDouble(f.get("alloc_bytes_per_sec")),
                ops == 0 ? 0 : Double.parseDouble(f.get("cpu_ms")) / ops,
                Double.parseDouble(f.getOrDefault("pause_p99_ms", "-1")), tunerDecisions, null);
    }

    /** Started, and destroyed if the bench is stopped before {@link #untracked} is called. */
    static Process tracked(Process p) {
        LIVE.add(p);
        return p;
    }

    static void untracked(Process p) {
        LIVE.remove(p);
    }

    static Outcome failed(String why) {
        return new Outcome(0, 0, 0, -1, 0, why);
    }

    /** The tuner's one line per decision ("[tuner.GcTuner] tuner: ..."), mode changes aside. */
    static int countTunerDecisions(String stderr) {
        int n = 0;
        for (String line : stderr.split("\n")) {
            if (line.contains("[tuner.GcTuner] tuner: ") && !line.contains("tuner: mode ")) {
                n++;
            }
        }
        return n;
    }

    static String tail(String s) {
        String t = s.strip();
        return t.length() > 600 ? "..." + t.substring(t.length() - 600) : t;
    }
}
