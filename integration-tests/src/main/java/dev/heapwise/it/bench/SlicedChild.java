package dev.heapwise.it.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One benchmark child kept warm between measurements ({@code WorkloadRunner --sliced}): started and
 * warmed once, then measured a slice at a time on command while the other contenders' children wait, so
 * two slices compared are seconds apart instead of minutes. Its stdout is copied to {@code stdout.txt}
 * in its directory as it arrives; a child that does not answer in time is destroyed and reported.
 */
final class SlicedChild implements AutoCloseable {
    private static final String EOF = "\u0000eof";

    private final Contender contender;
    private final Path recording;
    private final Process process;
    private final Writer commands;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Path stdoutCopy;
    /** Since {@link #startAccounting()}: CPU and wall time inside this child's slices, and when accounting began. */
    private long sliceCpuNanos;
    private long sliceNanos;
    private long accountingCpuAt;
    private long accountingNanosAt;

    private SlicedChild(Contender contender, Path dir, Process process) {
        this.contender = contender;
        this.recording = dir.resolve("recording.jfr");
        this.process = process;
        this.commands = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.stdoutCopy = dir.resolve("stdout.txt");
        Thread reader = new Thread(this::pump, "sliced-child-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the child and returns once it has warmed up and said READY; throws with the child's words if it did not. */
    static SlicedChild start(String java, List<String> commonFlags, String classPath, String mainClass, Contender contender,
                             double warmup, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        List<String> cmd = ChildRun.command(java, commonFlags, classPath, mainClass, contender, dir.resolve("recording.jfr"),
                List.of("--sliced", "--warmup", String.valueOf(warmup)));
        Files.deleteIfExists(dir.resolve("stdout.txt"));
        SlicedChild child = new SlicedChild(contender, dir, ChildRun.tracked(ChildRun.hermetic(cmd, dir).start()));
        String ready = child.await("READY", Duration.ofSeconds((long) warmup + 120));
        if (ready == null) {
            String why = child.stopped();
            throw new IOException(contender.name() + " did not warm up: " + why);
        }
        return child;
    }

    /** Measures one slice; the outcome is a failure if the child did not answer within the slice and a minute. */
    ChildRun.Outcome slice(double seconds) throws InterruptedException {
        if (!process.isAlive()) {
            return ChildRun.failed("ended before this slice: " + stopped());
        }
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        try {
            commands.write("slice " + seconds + "\n");
            commands.flush();
        } catch (IOException e) {
            return ChildRun.failed("cannot be told to measure (" + e.getMessage() + "): " + stopped());
        }
        String line = await("SLICE ", Duration.ofSeconds((long) seconds + 60));
        if (line == null) {
            return ChildRun.failed("no SLICE answer: " + stopped());
        }
        sliceNanos += System.nanoTime() - t0;
        sliceCpuNanos += cpuNanos() - cpu0;
        return ChildRun.outcome(line.substring("SLICE ".length()), 0);
    }

    /** CPU the whole process has used so far (its agent's and JVM's threads included), from the OS. */
    long cpuNanos() {
        return process.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    /** From now on, CPU inside and outside this child's slices is told apart (see {@link #backgroundCpuShare()}). */
    void startAccounting() {
        accountingCpuAt = cpuNanos();
        accountingNanosAt = System.nanoTime();
        sliceCpuNanos = 0;
        sliceNanos = 0;
    }

    /** CPU used outside this child's own slices since {@link #startAccounting()}, per second of wall time outside them. */
    double backgroundCpuShare() {
        long wall = System.nanoTime() - accountingNanosAt - sliceNanos;
        long cpu = cpuNanos() - accountingCpuAt - sliceCpuNanos;
        return wall <= 0 ? 0 : Math.max(0, (double) cpu / wall);
    }

    /** Asks the child to exit; null when it ended cleanly and its contender left evidence of running, else why not. */
    String finish() throws IOException, InterruptedException {
        try {
            commands.write("exit\n");
            commands.flush();
        } catch (IOException e) {
            // already gone: the exit status says why
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            return "did not exit within 60 s of 'exit': " + stopped();
        }
        ChildRun.untracked(process);
        try {
            String stderr = stderr();
            String stdout = Files.exists(stdoutCopy) ? Files.readString(stdoutCopy) : "";
            return ChildRun.wrongEnd(process, contender, recording, stdout, stderr);
        } finally {
            Files.deleteIfExists(recording);
        }
    }

    /** heapwise's GC tuner decisions in the child's log so far. */
    int tunerDecisions() throws IOException {
        return ChildRun.countTunerDecisions(stderr());
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        ChildRun.untracked(process);
    }

    /** The next stdout line starting with {@code prefix}, or null once the child ended or the time ran out. */
    private String await(String prefix, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                return null;
            }
            if (line.equals(EOF)) {
                lines.add(EOF); // for the next caller too
                return null;
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /** What the child wrote to stderr so far: redirected to a file beside the stdout copy. */
    private String stderr() throws IOException {
        return Files.readString(stdoutCopy.resolveSibling("stderr.txt"));
    }

    /** The child destroyed if still running, and the end of what it wrote, for the failure message. */
    private String stopped() throws InterruptedException {
        close();
        process.waitFor(10, TimeUnit.SECONDS);
        try {
            String err = stderr();
            String out = Files.exists(stdoutCopy) ? Files.readString(stdoutCopy) : "";
            return (process.isAlive() ? "still running" : "exit " + process.exitValue()) + ": "
                    + ChildRun.tail(err.isBlank() ? out : err);
        } catch (IOException e) {
            return "its output cannot be read: " + e.getMessage();
        }
    }

    private void pump() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                Files.writeString(stdoutCopy, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                lines.add(line);
            }
        } catch (IOException e) {
            // the child was destroyed: await() sees the end below
        } finally {
            lines.add(EOF);
        }
    }
}
