package dev.heapwise.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static dev.heapwise.it.EndpointsIT.assertJsonError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Compaction of a heap whose live set was just dropped: the answer gives used, committed and RSS
 * before and after, a second request inside the cool-down is a 429 with Retry-After, and the stats and
 * history count it. Then the combined /optimize report and the tuner's own endpoints, with bad input.
 */
class CompactionIT {
    private static final String TOKEN = "compaction-it-token";

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void compactionFreesWhatWasDroppedThenCoolsDown() {
        try (ForkedJvm child = ForkedJvm.builder("CompactionIT").xmx("512m")
                .agent(ForkedJvm.TEST_AGENT + ",token=" + TOKEN + ",compactionCooldown=60s").start()) {
            child.waitForPortFile(ForkedJvm.START_TIMEOUT);
            child.send("fill 0.4");
            child.send("drop");
            assertJsonError(child.request("POST", "compaction/compact", null), 401);
            HttpAnswer a = child.request("POST", "compaction/compact", TOKEN);
            assertEquals(200, a.status(), a.toString());
            JsonNode c = a.json();
            assertEquals("manual", c.get("trigger").asText());
            // A concurrent collector (ZGC) may have collected the dropped set on its own before the
            // request arrives; what must hold either way is that afterwards only the small live set remains.
            long usedBefore = c.get("used_before_bytes").asLong();
            long usedAfter = c.get("used_after_bytes").asLong();
            assertTrue(usedAfter < 96L << 20, "only the live set remains after compaction: " + c);
            assertTrue(usedAfter <= usedBefore, c.toString());
            if (usedBefore > 160L << 20) {
                assertTrue(c.get("freed_bytes").asLong() > 100L << 20, "the dropped live set was freed: " + c);
                assertTrue(c.get("efficiency").asDouble() > 0.5, c.toString());
            }
            assertTrue(c.get("rss_before_bytes").asLong() > 0 && c.get("rss_after_bytes").asLong() > 0, c.toString());
            assertTrue(c.get("duration_ms").asLong() >= 0, c.toString());

            HttpAnswer again = child.request("POST", "compaction/compact", TOKEN);
            assertJsonError(again, 429);
            long retry = Long.parseLong(again.header("Retry-After"));
            assertTrue(retry >= 1 && retry <= 60, again.toString());

            JsonNode stats = child.getJson("compaction/stats");
            assertEquals(1, stats.get("compactions").asLong(), stats.toString());
            assertEquals(1, stats.get("manual").asLong(), stats.toString());
            assertTrue(stats.get("cooldown_remaining_ms").asLong() > 0, stats.toString());
            assertEquals(1, child.getJson("compaction/history").get("count").asInt());
            assertJsonError(child.get("compaction/history?limit=0"), 400);

            HttpAnswer optimize = child.request("POST", "optimize", TOKEN);
            assertEquals(200, optimize.status(), optimize.toString());
            JsonNode o = optimize.json();
            assertTrue(o.has("leaks") && o.has("tuning") && o.has("compaction"), o.toString());
            assertTrue(o.at("/compaction/skipped").asBoolean(), "cooling down or not warranted: " + o.get("compaction"));
            assertFalse(o.at("/compaction/reason").asText().isBlank(), o.toString());

            HttpAnswer pass = child.request("POST", "gc/optimize", TOKEN);
            assertEquals(200, pass.status(), pass.toString());
            assertTrue(pass.json().get("decisions").isArray(), pass.body());
            assertJsonError(child.request("POST", "gc/tuner", TOKEN, "{\"mode\": \"sideways\"}"), 400);
            assertJsonError(child.request("POST", "gc/tuner", TOKEN, "{\"mood\": \"off\"}"), 400);
            assertJsonError(child.request("POST", "gc/tuner", TOKEN, "mode=off"), 400);
            assertJsonError(child.request("POST", "gc/tuner", null, "{\"mode\": \"off\"}"), 401);
            HttpAnswer advise = child.request("POST", "gc/tuner", TOKEN, "{\"mode\": \"advise\"}");
            assertEquals(200, advise.status(), advise.toString());
            assertEquals("auto", advise.json().get("previous_mode").asText());
            assertEquals("advise", child.getJson("gc/history").at("/tuner/mode").asText());
            JsonNode rec = child.getJson("gc/recommendations");
            assertTrue(rec.get("recommendations").isArray() && rec.has("based_on"), rec.toString());
        }
    }
}
