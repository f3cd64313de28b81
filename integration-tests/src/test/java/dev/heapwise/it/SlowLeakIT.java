package dev.heapwise.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heapwise.it.apps.LeakScenarios;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A slow leak (about 50 KB/s kept, under 50 MB/s of churn) must be reported, its allocation site named,
 * within ten minutes. Too long for every build: it runs when {@code heapwise.it.slowLeak=true}, as
 * {@code scripts/leak-detection} sets it, on whichever executions of the matrix are selected.
 */
class SlowLeakIT {
    private static final Duration DEADLINE = Duration.ofMinutes(10);

    @Test
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    void aSlowLeakIsReportedWithItsSiteWithinTenMinutes() {
        Assumptions.assumeTrue(Boolean.getBoolean("heapwise.it.slowLeak"),
                "SKIPPED: the ten-minute slow leak runs from scripts/leak-detection (heapwise.it.slowLeak=true)");
        LeakDetectionIT.Leak leak = new LeakDetectionIT.Leak("slow", "surviving-allocations",
                "dev.heapwise.it.apps.Leaks.leakSessions(");
        try (ForkedJvm child = ForkedJvm.builder("SlowLeakIT").mainClass(LeakScenarios.class).xmx("256m")
                .agent(ForkedJvm.TEST_AGENT).appArgs("slow").start()) {
            child.waitForPortFile(ForkedJvm.START_TIMEOUT);
            long t0 = System.nanoTime();
            while (true) {
                JsonNode report = child.getJson("leaks");
                JsonNode found = LeakDetectionIT.suspect(report, leak);
                double seconds = (System.nanoTime() - t0) / 1e9;
                if (found != null) {
                    System.out.printf("%s: slow leak reported after %.0f s: %s%n", JvmMatrix.current().id(), seconds,
                            found.get("summary").asText());
                    return;
                }
                if (seconds > DEADLINE.toSeconds()) {
                    fail("slow leak not reported within " + DEADLINE + "; suspects " + LeakDetectionIT.suspects(report)
                            + "\n" + report);
                }
                Poll.pause(5000);
            }
        }
    }
}
