package dev.heapwise.it;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rewriter's own code stays out of C2 (see RewriterJitDirective): the JVM's directive stack, read with jcmd,
 * holds the agent's directive once it has started, and only for the agent's packages. On G1 only.
 */
class RewriterJitDirectiveIT {
    @Test
    void theAgentsDirectiveIsOnTheJvmsStack() throws Exception {
        Assumptions.assumeTrue(JvmMatrix.current().gc() == JvmMatrix.Collector.G1, "G1 only");
        try (ForkedJvm child = ForkedJvm.builder("RewriterJitDirectiveIT").agent("profile=test").start()) {
            child.awaitLog("heapwise \\S+ started \\(premain\\)", ForkedJvm.START_TIMEOUT);
            Path jcmd = JvmMatrix.current().javaExecutable().resolveSibling("jcmd");
            Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(child.pid()), "Compiler.directives_print")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "jcmd did not end");
            assertTrue(out.contains("dev/heapwise/shaded/*.*") && out.contains("dev/heapwise/instrument/*.*"), out);
            assertTrue(child.send("ping").get("pong").asBoolean(), "the application answers");
        }
    }
}
