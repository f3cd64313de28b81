package dev.heapwise.it.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
        return heapwise(jar, "");
    }

    /** heapwise with extra agent arguments ({@code a=b,c=d}) after the defaults above, named by them. */
    static Contender heapwise(Path jar, String extraArgs) {
        String name = extraArgs.isEmpty() ? "heapwise" : "heapwise " + extraArgs;
        String args = "port=0,summaryInterval=0" + (extraArgs.isEmpty() ? "" : "," + extraArgs);
        return new Contender(name, List.of("-javaagent:" + jar + "=" + args), "heapwise-log");
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
