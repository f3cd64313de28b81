package dev.heapwise.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Heap used, as the agent reports it, follows a live set the child makes: it agrees with the child's own
 * reading while the child holds 200 MB, and falls by about that much when the child drops it and collects.
 */
class LiveSetIT {
    private static final long MB = 1L << 20;
    private static final int LIVE_MB = 200;
    /**
     * How far heap used must fall from the reading that holds the live set: 10% under its size, room for
     * garbage allocated after the collection that the reading without the live set may still count.
     */
    private static final long MIN_FALL = 180 * MB;
    /** What the agent's threads and the HTTP answers may allocate between two readings. */
    private static final long READING_SLACK = 32 * MB;

    @Test
    void heapUsedRisesWithA200MbLiveSetAndFallsAfterDropAndGc() {
        // 1 GB: under G1 each 1 MB array is humongous and takes two 1 MB regions, 400 MB for the live set.
        try (ForkedJvm child = ForkedJvm.builder("LiveSetIT").xmx("1g").agent(ForkedJvm.TEST_AGENT).start()) {
            child.waitForPortFile(ForkedJvm.START_TIMEOUT);
            child.send("gc");
            long before = usedBytes(child);

            assertEquals(LIVE_MB, child.send("alloc " + LIVE_MB).get("live_mb").asInt());
            long after = usedAgreeingWithTheChild(child);

            child.send("drop");
            child.send("gc");
            // The live set shows as the difference between the reading with it and one without it after the
            // drop. The reading before it is only an upper bound for the latter: a reading may still hold
            // garbage allocated after its collection, and under ZGC a cycle during the 200 MB allocation once
            // freed 22 MB of such garbage from it (a rise of 178 MB measured from there).
            Poll.until("heap used back near " + before / MB + " MB and at least " + MIN_FALL / MB + " MB under "
                            + after / MB + " MB", Duration.ofSeconds(15),
                    () -> usedBytes(child), used -> used <= before + READING_SLACK && after - used >= MIN_FALL);
        }
    }

    /**
     * The agent's heap used, checked against the child's own MemoryMXBean read just before and just
     * after it. A collection in between (ZGC runs them concurrently, any time) moves the figure
     * legitimately, so such a window is read again; a window without one must agree.
     */
    private static long usedAgreeingWithTheChild(ForkedJvm child) {
        List<String> windows = new ArrayList<>();
        for (int attempt = 0; attempt < 10; attempt++) {
            JsonNode first = child.send("report");
            long agent = usedBytes(child);
            JsonNode second = child.send("report");
            long low = Math.min(first.get("heap_used").asLong(), second.get("heap_used").asLong());
            long high = Math.max(first.get("heap_used").asLong(), second.get("heap_used").asLong());
            windows.add("agent " + agent / MB + " MB, child " + low / MB + ".." + high / MB + " MB, GCs "
                    + first.get("gc_count") + ".." + second.get("gc_count"));
            if (first.get("gc_count").asLong() == second.get("gc_count").asLong()) {
                assertTrue(agent >= low - READING_SLACK && agent <= high + READING_SLACK,
                        "agent heap used vs the child's own, no GC in between: " + windows);
                return agent;
            }
            Poll.pause();
        }
        throw new AssertionError("a collection ran during every reading: " + windows);
    }

    private static long usedBytes(ForkedJvm child) {
        return child.getJson("profile").at("/heap/used_bytes").asLong();
    }
}
