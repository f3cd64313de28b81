package dev.heapwise.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** log=<file> moves the agent's lines from stderr to the file, including the periodic summary. */
class LogOutputIT {
    /** Any logger name: which class writes the summary is the agent's business, the line's shape is not. */
    private static final Pattern SUMMARY = Pattern.compile(
            "heapwise INFO +\\[[^]]+\\] heap \\S+ \\S+ used / \\S+ \\S+ committed / \\S+ \\S+ max");

    @TempDir
    Path files;

    @Test
    void logFileGetsTheStartLineAndASummaryEverySecond() {
        Path log = files.resolve("agent.log");
        try (ForkedJvm child = ForkedJvm.builder("LogOutputIT")
                .agent(ForkedJvm.TEST_AGENT + ",summaryInterval=1s,log=" + log).start()) {
            child.waitForPortFile(ForkedJvm.START_TIMEOUT);
            String start = child.awaitFile(log, "heapwise \\S+ started \\(premain\\): http://127\\.0\\.0\\.1:" + child.port()
                    + "/v1/memory;.*summary every 1s", ForkedJvm.START_TIMEOUT);
            // defined in the boot loader, not appended to the boot class path: that would cost the JVM its
            // class-data sharing for the application's classes and, on JDK 25, a warning on its stderr
            assertTrue(start.contains("(bridge in the boot loader)"), start);
            Poll.until("two summary lines in " + log, Duration.ofSeconds(10),
                    () -> SUMMARY.matcher(read(log)).results().count(), n -> n >= 2);
            assertFalse(child.stderr().contains("heapwise"), "nothing of the agent on stderr:\n" + child.stderr());
            assertFalse(child.stderr().contains("warning"), "no JVM warning the agent caused:\n" + child.stderr());
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
