package dev.heapwise.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The agent's process RSS agrees with what {@code ps} says about the child, within 10%. RSS moves
 * while we look (the HTTP answer itself touches memory), so each attempt brackets the agent's
 * reading between two ps readings, and a few attempts are allowed.
 */
class RssIT {
    private static final double TOLERANCE = 0.10;
    private static final int ATTEMPTS = 5;

    @Test
    void rssIsWithinTenPercentOfPs() throws Exception {
        try (ForkedJvm child = ForkedJvm.builder("RssIT").agent(ForkedJvm.TEST_AGENT).start()) {
            child.waitForPortFile(ForkedJvm.START_TIMEOUT);
            // A live set written page by page, so RSS is well above the JVM's bare start-up figure.
            child.send("alloc 64");
            List<String> readings = new ArrayList<>();
            for (int i = 0; i < ATTEMPTS; i++) {
                long psBefore = psRssBytes(child.pid());
                JsonNode process = child.getJson("profile").get("process");
                long psAfter = psRssBytes(child.pid());
                assertTrue(process.get("available").asBoolean(), process.toString());
                long agent = process.get("rss_bytes").asLong();
                double ps = (psBefore + psAfter) / 2.0;
                readings.add("agent " + agent + " vs ps " + psBefore + ".." + psAfter);
                if (Math.abs(agent - ps) <= TOLERANCE * ps) {
                    return;
                }
            }
            fail("agent RSS never within 10% of ps: " + readings);
        }
    }

    /** {@code ps -o rss= -p pid}: resident set in KiB. */
    private static long psRssBytes(long pid) throws IOException, InterruptedException {
        Process ps = new ProcessBuilder("ps", "-o", "rss=", "-p", Long.toString(pid)).redirectErrorStream(true).start();
        String out = new String(ps.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        assertTrue(ps.waitFor(10, TimeUnit.SECONDS), "ps did not finish");
        assertEquals(0, ps.exitValue(), "ps failed: " + out);
        return Long.parseLong(out) * 1024;
    }
}
