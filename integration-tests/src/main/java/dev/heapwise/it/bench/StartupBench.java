package dev.heapwise.it.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The start-up time the agent adds: a tiny main run to completion, alternating without and with the
 * agent (each side going first half the time), wall time from process start to exit. Prints the
 * medians, the median per-pair ratio and its bootstrap interval, and the agent's own premain time.
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
        List<String> plain = List.of(java, "-cp", cp, "dev.heapwise.it.apps.TinyMain");
        List<String> agent = List.of(java, "-javaagent:" + jar + "=port=0,summaryInterval=0", "-cp", cp,
                "dev.heapwise.it.apps.TinyMain");
        // one unmeasured run of each, so the file cache is warm for both
        run(plain, work);
        run(agent, work);
        List<Double> without = new ArrayList<>();
        List<Double> with = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            if (i % 2 == 0) {
                without.add(run(plain, work));
                with.add(run(agent, work));
            } else {
                with.add(run(agent, work));
                without.add(run(plain, work));
            }
            System.out.printf("pair %2d: without %.1f ms, with %.1f ms%n", i + 1, without.get(i), with.get(i));
        }
        PairedStats stats = new PairedStats(without, with);
        System.out.println("start-up to exit of a tiny main: " + stats.describe("ms", "without agent", "with agent"));
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
