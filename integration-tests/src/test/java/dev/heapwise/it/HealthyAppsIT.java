package dev.heapwise.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heapwise.it.apps.LeakScenarios;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Applications that only look leaky must report no suspect: a cache that fills then stays bounded, a
 * sawtooth of large batches built and dropped, a bursty one that allocates hard then idles, a steady
 * server, a script engine's dropped hidden classes, a thread pool that grows and shrinks (see
 * {@link LeakScenarios}). All six run at once, with the agent at the test profile, for
 * {@code heapwise.it.healthySeconds} (150 s in CI; {@code scripts/leak-detection} runs them for ten
 * minutes), and /leaks is read every few seconds: a suspect at any moment fails. Run on two executions
 * of the matrix, other than the leak runs' (Parallel on JDK 17, G1 on JDK 25) unless
 * {@code heapwise.it.healthyOn} names others.
 */
class HealthyAppsIT {
    /** Where the healthy runs are made; {@code heapwise.it.healthyOn} (comma-separated) chooses others. */
    private static final List<String> ON = List.of((System.getProperty("heapwise.it.healthyOn", "").isBlank()
            ? "17-Parallel,25-G1" : System.getProperty("heapwise.it.healthyOn")).split(","));
    private static final List<String> HEALTHY = List.of("cache", "sawtooth", "bursty", "server", "scripts", "threadpool");

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void healthyApplicationsReportNoSuspect() {
        Assumptions.assumeTrue(ON.contains(JvmMatrix.current().id()), "SKIPPED: the healthy runs are made on " + ON + " only");
        long seconds = Long.getLong("heapwise.it.healthySeconds", 150);
        Map<String, ForkedJvm> children = ScenarioJvms.startAll("HealthyAppsIT", HEALTHY);
        try {
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            Map<String, Long> passes = new LinkedHashMap<>();
            while (System.nanoTime() - end < 0) {
                for (Map.Entry<String, ForkedJvm> c : children.entrySet()) {
                    JsonNode report = c.getValue().getJson("leaks");
                    assertTrue(report.get("suspects").isEmpty(), c.getKey() + " is healthy but reports "
                            + LeakDetectionIT.suspects(report) + "\n" + report);
                    passes.put(c.getKey(), report.get("passes").asLong());
                }
                Poll.pause(5000);
            }
            // the detector really judged them, more than once each
            passes.forEach((k, v) -> assertTrue(v >= 3, k + ": only " + v + " detection passes in " + seconds + " s"));
            System.out.println(JvmMatrix.current().id() + ": no suspect in " + seconds + " s for " + HEALTHY + "; passes " + passes);
        } finally {
            children.values().forEach(ForkedJvm::close);
        }
    }
}
