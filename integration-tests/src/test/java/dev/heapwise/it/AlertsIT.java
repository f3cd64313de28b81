package dev.heapwise.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A child driven into high heap pressure (60% of max heap live after every collection) fires the heap
 * alert once it held for its duration, with one WARN line; released, the alert resolves with one INFO
 * line and moves to the resolved list.
 */
class AlertsIT {
    private static final String RULE = "heap_after_gc_share > 0.5 for 2s";

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void heapPressureFiresThenResolves() {
        try (ForkedJvm child = ForkedJvm.builder("AlertsIT").xmx("256m")
                .agent(ForkedJvm.TEST_AGENT + ",alertInterval=500ms,alerts=" + RULE + "; health_score < 0").start()) {
            child.waitForPortFile(ForkedJvm.START_TIMEOUT);
            JsonNode rules = child.getJson("alerts").get("rules");
            assertEquals(2, rules.size(), rules.toString());
            child.send("fill 0.6");
            JsonNode firing = Poll.until("the heap alert firing", Duration.ofSeconds(30), () -> {
                child.send("gc"); // collections keep reporting the live set
                Poll.pause(300);
                return child.getJson("alerts");
            }, a -> a.get("firing").size() == 1);
            assertEquals(RULE, firing.at("/firing/0/rule").asText(), firing.toString());
            child.awaitLog("WARN .*alert firing: " + RULE.replace(".", "\\.") + " \\(value 0\\.[5-9]", Duration.ofSeconds(5));

            child.send("drop");
            JsonNode resolved = Poll.until("the heap alert resolved", Duration.ofSeconds(30), () -> {
                child.send("gc");
                Poll.pause(300);
                return child.getJson("alerts");
            }, a -> a.get("firing").size() == 0 && a.get("resolved").size() == 1);
            assertEquals("resolved", resolved.at("/resolved/0/state").asText(), resolved.toString());
            child.awaitLog("INFO .*alert resolved: " + RULE.replace(".", "\\."), Duration.ofSeconds(5));
        }
    }
}
