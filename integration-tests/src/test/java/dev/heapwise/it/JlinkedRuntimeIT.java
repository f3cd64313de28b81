package dev.heapwise.it;

import dev.heapwise.it.apps.LeakScenarios;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Java runtime made with jlink holds only the modules its application asked for. Without jdk.httpserver the
 * agent runs without its HTTP server and reports to its log; without the management modules it cannot run, says
 * which modules to add, and the application runs on. On G1 only: the collector changes nothing here.
 */
class JlinkedRuntimeIT {
    @BeforeEach
    void g1Only() {
        Assumptions.assumeTrue(JvmMatrix.current().gc() == JvmMatrix.Collector.G1, "G1 only");
    }

    @Test
    void aRuntimeWithoutTheHttpServerModuleRunsTheAgentForItsLog() throws Exception {
        Path runtime = jlinked("java.base,java.instrument,java.management,jdk.management");
        try (ForkedJvm child = ForkedJvm.builder("JlinkedRuntimeIT-nohttp").javaHome(runtime)
                .agent("profile=test,summaryInterval=1s").start()) {
            child.awaitLog("heapwise WARN +\\[[^]]+\\] HTTP server not started: this Java runtime lacks the module jdk\\.httpserver"
                    + " \\(a runtime made with jlink\\? add --add-modules jdk\\.httpserver\\); heapwise reports to its log only",
                    ForkedJvm.START_TIMEOUT);
            child.awaitLog("heapwise \\S+ started \\(premain\\): no HTTP server;.*allocation sampling every", ForkedJvm.START_TIMEOUT);
            child.awaitLog("\\[summary\\] heap .* used", ForkedJvm.START_TIMEOUT);
            assertTrue(child.send("ping").get("pong").asBoolean(), "the application answers");
            assertFalse(Files.exists(child.portFile()), "no port file without a server");
            assertFalse(child.log().contains("heapwise ERROR") || child.log().contains("\tat "), "no error, no stack trace: " + child.log());
        }
    }

    @Test
    void aRuntimeWithoutTheManagementModulesSwitchesTheAgentOffAndTheApplicationRunsOn() throws Exception {
        Path runtime = jlinked("java.base,java.instrument");
        try (ForkedJvm child = ForkedJvm.builder("JlinkedRuntimeIT-nomanagement").javaHome(runtime)
                .mainClass(LeakScenarios.class).appArgs("cache", "2").agent("profile=test").start()) {
            assertEquals(0, child.awaitExit(Duration.ofSeconds(60)), child.log());
            assertTrue(child.stdout().contains("scenario cache done"), child.stdout());
            assertTrue(child.log().matches("(?s).*heapwise ERROR +\\[[^]]+\\] heapwise is switched off: this Java runtime lacks the"
                    + " module\\(s\\) \\[java\\.management, jdk\\.management\\] it reads the JVM through \\(a runtime made with jlink\\?"
                    + " add --add-modules java\\.management,jdk\\.management\\); the application runs on without it.*"), child.log());
            assertFalse(child.log().contains("\tat "), "no stack trace: " + child.log());
        }
    }

    /** A runtime of {@code modules} linked from this execution's JDK, once per execution. */
    private static Path jlinked(String modules) throws IOException, InterruptedException {
        JvmMatrix matrix = JvmMatrix.current();
        matrix.assumeRunnable();
        Path image = matrix.workDir().resolve("jlink-" + modules.replace(',', '_'));
        if (Files.isExecutable(image.resolve("bin").resolve("java"))) {
            return image;
        }
        Files.createDirectories(image.getParent());
        Path jlink = matrix.javaExecutable().resolveSibling("jlink");
        Assumptions.assumeTrue(Files.isExecutable(jlink), "SKIPPED: this JDK has no jlink (" + jlink + ")");
        Process p = new ProcessBuilder(jlink.toString(), "--add-modules", modules, "--output", image.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, "jlink failed: " + out);
        return image;
    }
}
