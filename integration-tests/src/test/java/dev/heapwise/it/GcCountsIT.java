package dev.heapwise.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent's GC counts follow the child's collections: they never lag the child's own GC beans, and
 * a System.gc() in the child shows as a rise in gc/stats and as a new event in gc/history.
 */
class GcCountsIT {
    /**
     * GC notifications reach the agent on the JDK's notification thread, which a busy CI machine can
     * leave unscheduled for seconds: wait generously, it costs nothing when the event comes at once.
     */
    private static final Duration NOTIFIED = Duration.ofSeconds(30);

    @Test
    void systemGcInTheChildRaisesTheCountsAndAddsAnEvent() {
        try (ForkedJvm child = ForkedJvm.builder("GcCountsIT").agent(ForkedJvm.TEST_AGENT).start()) {
            child.waitForPortFile(ForkedJvm.START_TIMEOUT);
            // The child reads its beans first, so the agent's later reading can only be equal or higher.
            JsonNode own = child.send("report");
            JsonNode stats = child.getJson("gc/stats");
            assertCountsAtLeast(own, stats);
            long agentBefore = stats.at("/totals/collections").asLong();
            Set<String> eventsBefore = eventKeys(child.getJson("gc/history"));

            long ownAfter = child.send("gc").get("gc_count").asLong();
            assertTrue(ownAfter > own.get("gc_count").asLong(), "the child's own GC beans count its System.gc()");

            JsonNode statsAfter = Poll.until("gc/stats to count the child's System.gc()", NOTIFIED,
                    () -> child.getJson("gc/stats"), s -> s.at("/totals/collections").asLong() >= ownAfter);
            assertTrue(statsAfter.at("/totals/collections").asLong() > agentBefore);
            assertCountsAtLeast(child.send("report"), child.getJson("gc/stats"));

            // Notifications arrive after the counters move, on the JDK's own thread: wait for the event.
            JsonNode event = Poll.until("a new major System.gc() event in gc/history", NOTIFIED,
                    () -> newMajorSystemGcEvent(child.getJson("gc/history"), eventsBefore), Objects::nonNull);
            if (event.hasNonNull("heap_before_bytes") && event.hasNonNull("heap_after_bytes")) {
                assertTrue(event.get("heap_after_bytes").asLong() <= event.get("heap_before_bytes").asLong(), event.toString());
            }
            JsonNode latest = child.getJson("gc/stats");
            assertTrue(latest.get("notifications_seen").asLong() > 0, latest.toString());
            assertTrue(latest.hasNonNull("last_gc"), latest.toString());
        }
    }

    /**
     * ZGC reports a collection as a concurrent cycle plus the short pauses within it, on separate beans;
     * the agent must keep them apart. G1, Parallel and Serial report System.gc() as pauses only.
     */
    @Test
    void systemGcIsSplitIntoCycleAndPausesWhereTheCollectorReportsBoth() {
        boolean z = JvmMatrix.current().gc() == JvmMatrix.Collector.Z;
        try (ForkedJvm child = ForkedJvm.builder("GcCountsIT-phases").agent(ForkedJvm.TEST_AGENT).start()) {
            child.waitForPortFile(ForkedJvm.START_TIMEOUT);
            child.send("gc");
            Set<String> expected = z ? Set.of("pause", "concurrent") : Set.of("pause");
            // on failure, say what did arrive: other events, or no notification at all
            Set<String> phases = Poll.until("System.gc() events of phases " + expected, NOTIFIED,
                    () -> new Seen(child.getJson("gc/history"), child.getJson("gc/stats")), s -> expected.equals(s.phases)).phases;
            JsonNode stats = child.getJson("gc/stats");
            if (z) {
                assertTrue(stats.at("/totals/concurrent_cycles").asLong() > 0, stats.at("/totals").toString());
                assertTrue(stats.at("/concurrent_cycles/count").asLong() > 0, stats.toString());
            } else {
                assertEquals(0, stats.at("/totals/concurrent_cycles").asLong(), stats.at("/totals").toString());
            }
            assertTrue(stats.at("/pauses/count").asLong() > 0, "pauses in the window: " + stats.get("pauses") + " " + phases);
        }
    }

    /** For every collector bean: the agent's count >= the child's, and the totals >= the child's sum. */
    private static void assertCountsAtLeast(JsonNode own, JsonNode stats) {
        assertTrue(stats.at("/totals/collections").asLong() >= own.get("gc_count").asLong(),
                "agent total " + stats.at("/totals") + " vs the child's own sum " + own.get("gc_count"));
        for (JsonNode bean : own.get("gc_beans")) {
            long agentCount = -1;
            for (JsonNode c : stats.get("collectors")) {
                if (c.get("name").asText().equals(bean.get("name").asText())) {
                    agentCount = c.get("count").asLong();
                }
            }
            assertTrue(agentCount >= bean.get("count").asLong(), "collector " + bean + " vs agent " + stats.get("collectors"));
        }
    }

    /** What the agent had seen at one probe: the System.gc() phases, and for a failure message the rest. */
    private static final class Seen {
        final Set<String> phases;
        final String rest;

        Seen(JsonNode history, JsonNode stats) {
            phases = systemGcPhases(history);
            rest = "notifications_seen=" + stats.get("notifications_seen") + " collectors=" + stats.get("collectors")
                    + " newest events=" + history.get("events");
        }

        @Override
        public String toString() {
            return phases + " (" + rest + ")";
        }
    }

    private static Set<String> systemGcPhases(JsonNode history) {
        Set<String> phases = new HashSet<>();
        history.get("events").forEach(e -> {
            if (e.get("cause").asText().equals("System.gc()")) {
                phases.add(e.get("phase").asText());
            }
        });
        return phases;
    }

    private static Set<String> eventKeys(JsonNode history) {
        Set<String> keys = new HashSet<>();
        history.get("events").forEach(e -> keys.add(e.get("collector").asText() + "#" + e.get("id").asLong()));
        return keys;
    }

    /**
     * System.gc() collects the whole heap on every collector, so some event it causes is major
     * (Parallel first runs a minor scavenge with the same cause, then the full collection).
     */
    private static JsonNode newMajorSystemGcEvent(JsonNode history, Set<String> before) {
        for (JsonNode e : history.get("events")) {
            if (e.get("cause").asText().equals("System.gc()") && e.get("action").asText().equals("major")
                    && !before.contains(e.get("collector").asText() + "#" + e.get("id").asLong())) {
                return e;
            }
        }
        return null;
    }
}
