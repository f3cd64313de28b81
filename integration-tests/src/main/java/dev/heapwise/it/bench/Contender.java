package dev.heapwise.it.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One column of the overhead table: how a child JVM is started (extra JVM arguments, some naming a
 * recording file) and how to tell afterwards that the profiler really ran, so that a contender that
 * silently did not start can never pass for a cheap one.
 */
record Contender(String name, List<String> jvmArgs, String evidence) {
    static final String RECORDING = "{recording}";

    static Contender none() {
        return new Contender("no agent", List.of(), "none");
    }

    /** No agent again, as a contender: an A/A check of the method, whose ratio should be 1 within noise. */
    static Contender noneAgain() {
        return new Contender("no agent again", List.of(), "none");
    }

    /** An agent that does nothing: what -javaagent and its JVMTI capabilities cost by themselves. */
    static Contender nopAgent(Path jar) {
        return new Contender("do-nothing agent", List.of("-javaagent:" + jar), "none");
    }

    /** heapwise at its defaults; only the port and the summary line are changed, so nothing else listens or logs. */
    static Contender heapwise(Path jar) {
        return heapwise(jar, List.of());
    }

    /**
     * heapwise with extra items after the defaults above, named by them: agent arguments ({@code a=b}),
     * and JVM flags for this contender alone (items starting with {@code -}, e.g. {@code -XX:FreqInlineSize=400}),
     * so a run can ask whether a JVM setting gives back what the agent costs.
     */
    static Contender heapwise(Path jar, List<String> items) {
        List<String> agentArgs = new ArrayList<>(List.of("port=0", "summaryInterval=0"));
        List<String> args = new ArrayList<>();
        for (String item : items) {
            if (item.startsWith("-")) {
                args.add(item);
            } else {
                agentArgs.add(item);
            }
        }
        args.add("-javaagent:" + jar + "=" + String.join(",", agentArgs));
        String name = items.isEmpty() ? "heapwise" : "heapwise " + String.join(",", items);
        return new Contender(name, List.copyOf(args), "heapwise-log");
    }

    /**
     * {@code heapwise} or {@code heapwise:a=1+b=2+-XX:Flag=3}: agent arguments and JVM flags joined by '+', as ','
     * already separates contenders; a '+' starts a new item only before '-' or 'key=', so -XX:+UseFlag stays whole.
     * Null for any other name.
     */
    static Contender parseHeapwise(Path jar, String name) {
        if (name.equals("heapwise")) {
            return heapwise(jar);
        }
        if (!name.startsWith("heapwise:")) {
            return null;
        }
        return heapwise(jar, Arrays.stream(name.substring("heapwise:".length()).split("\\+(?=-|\\w+=)"))
                .filter(item -> !item.isEmpty()).toList());
    }

    /** JFR with its {@code profile} settings (allocation samples, method samples, and the rest). */
    static Contender jfr() {
        return new Contender("JFR profile", List.of("-XX:StartFlightRecording=settings=profile,filename=" + RECORDING),
                "recording");
    }

    /** async-profiler sampling allocations at its default interval (512 KB, as heapwise's default). */
    static Contender asyncProfiler(Path library) {
        return new Contender("async-profiler alloc",
                List.of("-agentpath:" + library + "=start,event=alloc,file=" + RECORDING), "recording");
    }

    /** The JVM arguments with the recording placeholder pointing into this run's directory. */
    List<String> argsFor(Path recording) {
        List<String> out = new ArrayList<>();
        for (String a : jvmArgs) {
            out.add(a.replace(RECORDING, recording.toString()));
        }
        return out;
    }

    /** Null when the run shows the contender was active; otherwise why not. */
    String missingEvidence(Path recording, String stderr) throws java.io.IOException {
        return switch (evidence) {
            case "heapwise-log" -> stderr.contains("heapwise ") && stderr.contains(" started ") ? null
                    : "no 'heapwise ... started' line on stderr";
            case "recording" -> Files.isRegularFile(recording) && Files.size(recording) > 0 ? null
                    : "no recording written to " + recording;
            default -> null;
        };
    }
}
