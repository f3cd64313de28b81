package dev.heapwise.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agent flag given twice starts one agent: the second start is one log line and nothing else. */
class DoubleAttachIT {
    @TempDir
    Path files;

    @Test
    void secondJavaagentIsALoggedNoOp() {
        Path secondPortFile = files.resolve("second-port");
        try (ForkedJvm child = ForkedJvm.builder("DoubleAttachIT").agent(ForkedJvm.TEST_AGENT)
                .jvmFlag("-javaagent:" + AgentJar.path() + "=port=0,portFile=" + secondPortFile
                        + ",tokenFile=" + files.resolve("second-token"))
                .start()) {
            child.waitForPortFile(ForkedJvm.START_TIMEOUT);
            child.awaitLog("heapwise is already running in this JVM \\(started by premain\\); this premain start is ignored",
                    ForkedJvm.START_TIMEOUT);
            child.awaitLog("heapwise \\S+ started \\(premain\\)", ForkedJvm.START_TIMEOUT);

            assertEquals(1, child.log().lines().filter(l -> l.matches(".*heapwise \\S+ started \\(premain\\).*")).count(),
                    "one start line:\n" + child.log());
            assertFalse(Files.exists(secondPortFile), "the second agent opened no server");
            assertFalse(Files.exists(files.resolve("second-token")), "nor wrote a token");
            assertEquals(200, child.get("status").status());
            assertTrue(child.send("ping").get("pong").asBoolean());
        }
    }
}
