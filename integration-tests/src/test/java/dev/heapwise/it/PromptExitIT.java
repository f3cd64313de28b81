package dev.heapwise.it;

import dev.heapwise.it.apps.TinyMain;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agent never keeps a JVM alive: when main returns, the JVM exits, with status 0. */
class PromptExitIT {
    /** A JVM start plus its shutdown, with room for a busy 2-core machine. */
    private static final Duration PROMPTLY = Duration.ofSeconds(10);

    @Test
    void tinyMainExitsByItselfWithTheAgent() {
        try (ForkedJvm child = ForkedJvm.builder("PromptExitIT-tiny").mainClass(TinyMain.class)
                .agent(ForkedJvm.TEST_AGENT).start()) {
            assertEquals(0, child.awaitExit(PROMPTLY), child.log());
            assertTrue(child.stdout().contains("tiny main done"), child.log());
        }
    }

    /** Main returns only once every agent thread runs and the server has answered: the harder case. */
    @Test
    void runningApplicationExitsWhenMainReturnsAndTheAgentCleansUp() {
        try (ForkedJvm child = ForkedJvm.builder("PromptExitIT-running").agent(ForkedJvm.TEST_AGENT).start()) {
            child.waitForPortFile(ForkedJvm.START_TIMEOUT);
            assertEquals(200, child.get("profile").status());
            child.send("exit");
            assertEquals(0, child.awaitExit(Duration.ofSeconds(5)), child.log());
            assertFalse(Files.exists(child.portFile()), "the port file goes with the JVM");
            assertFalse(Files.exists(child.tokenFile()), "the token file goes with the JVM");
        }
    }
}
