package dev.heapwise.it.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The start-up time the agent adds: a tiny main run to completion without an agent, with an agent
 * that does nothing (what the JVM's -javaagent machinery costs by itself) and with heapwise, in a
 * rotating order so each goes first a third of the time; wall time from process start to exit.
 * Prints the medians, the median per-pair ratio and its bootstrap interval for heapwise against each.
 *
 * <p>Usage: {@code StartupBench <java> <agent.jar> <apps classpath> [pairs]}
 */
public final class StartupBench {
    private StartupBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: StartupBench <java> <agent.jar> <apps classpath> [pairs]");
            System.exit(2);
        }
        String java = args[0];
        String jar = args[1];
        String cp = args[2];
        int pairs = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        Path work = Files.createTempDirectory("heapwise-startup");
        Path nopJar = NopAgent.jar(work, cp.split(File.pathSeparator)[0]);
        List<List<String>> commands = List.of(
                List.of(java, "-cp", cp, "dev.heapwise.it.apps.TinyMain"),
                List.of(java, "-javaagent:" + nopJar, "-cp", cp, "dev.heapwise.it.apps.TinyMain"),
                List.of(java, "-javaagent:" + jar + "=port=0,summaryInterval=0", "-cp", cp, "dev.heapwise.it.apps.TinyMain"));
        for (List<String> c : commands) {
            run(c, work); // one unmeasured run of each, so the file cache is warm for all
        }
        List<List<Double>> times = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < pairs; i++) {
            for (int k = 0; k < 3; k++) {
                int which = (i + k) % 3;
                times.get(which).add(run(commands.get(which), work));
            }
            System.out.printf("round %2d: no agent %.1f ms, do-nothing agent %.1f ms, heapwise %.1f ms%n", i + 1,
                    times.get(0).get(i), times.get(1).get(i), times.get(2).get(i));
        }
        System.out.println("start-up to exit of a tiny main, heapwise against no agent: "
                + new PairedStats(times.get(0), times.get(2)).describe("ms", "no agent", "heapwise"));
        System.out.println("start-up to exit of a tiny main, heapwise against a do-nothing agent: "
                + new PairedStats(times.get(1), times.get(2)).describe("ms", "do-nothing agent", "heapwise"));
    }

    private static double run(List<String> command, Path work) throws Exception {
        File out = work.resolve("out.txt").toFile();
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("did not exit within 60 s: " + command);
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        if (p.exitValue() != 0) {
            throw new IllegalStateException("exit " + p.exitValue() + ": " + Files.readString(out.toPath()));
        }
        return ms;
    }
}
