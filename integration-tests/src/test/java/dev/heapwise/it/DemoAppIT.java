package dev.heapwise.it;

import dev.heapwise.it.apps.DemoApp;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The application scripts/demo shows works under every collector: it makes the agent see collections,
 * and with a duration it ends by itself.
 */
class DemoAppIT {

    @Test
    void demoCollectsUnderTheAgentAndEndsAfterItsDuration() {
        try (ForkedJvm child = ForkedJvm.builder("DemoAppIT").mainClass(DemoApp.class).appArgs("3")
                .agent(ForkedJvm.TEST_AGENT).start()) {
            child.waitForPortFile(ForkedJvm.START_TIMEOUT);
            Poll.until("the agent to see the demo's collections", Duration.ofSeconds(10),
                    () -> child.getJson("gc/stats").at("/totals/collections").asLong(), n -> n > 0);
            assertEquals(0, child.awaitExit(Duration.ofSeconds(20)), child.log());
            assertTrue(child.stdout().contains("demo: done"), child.stdout());
            assertTrue(child.stdout().contains("live set"), child.stdout());
        }
    }
}
