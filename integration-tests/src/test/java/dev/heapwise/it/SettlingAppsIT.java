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
 * Healthy applications that grow for minutes and then stop (a cache warming up, reference data loading:
 * {@code warmup} and {@code plateau} in {@link LeakScenarios}). While they grow nothing can tell them from
 * a leak, so a suspect then is allowed; once they stop, every suspect must end: none from
 * {@value #SETTLED_AFTER_S} s on (both stop growing by about 180 s) to the end of the run. Too long for
 * every build: runs when {@code heapwise.it.settling=true}, as {@code scripts/leak-detection} sets it, for
 * {@code heapwise.it.settlingSeconds} (420 s), on whichever executions of the matrix are selected.
 */
class SettlingAppsIT {
    private static final List<String> SETTLING = List.of("warmup", "plateau");
    static final long SETTLED_AFTER_S = 300;

    @Test
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    void suspectsOfGrowthThatStoppedEndSoonAfter() {
        Assumptions.assumeTrue(Boolean.getBoolean("heapwise.it.settling"),
                "SKIPPED: the seven-minute settling runs are made from scripts/leak-detection (heapwise.it.settling=true)");
        long seconds = Long.getLong("heapwise.it.settlingSeconds", 420);
        Map<String, ForkedJvm> children = ScenarioJvms.startAll("SettlingAppsIT", SETTLING);
        Map<String, String> lastSeen = new LinkedHashMap<>();
        try {
            long t0 = System.nanoTime();
            while (true) {
                long elapsed = (System.nanoTime() - t0) / 1_000_000_000L;
                for (Map.Entry<String, ForkedJvm> c : children.entrySet()) {
                    JsonNode report = c.getValue().getJson("leaks");
                    if (!report.get("suspects").isEmpty()) {
                        lastSeen.put(c.getKey(), elapsed + " s: " + LeakDetectionIT.suspects(report));
                        assertTrue(elapsed < SETTLED_AFTER_S, c.getKey() + " stopped growing minutes ago but still reports "
                                + LeakDetectionIT.suspects(report) + " at " + elapsed + " s\n" + report);
                    }
                }
                if (elapsed >= seconds) {
                    break;
                }
                Poll.pause(5000);
            }
            System.out.println(JvmMatrix.current().id() + ": settled; the last suspects seen " + lastSeen);
        } finally {
            children.values().forEach(ForkedJvm::close);
        }
    }
}
