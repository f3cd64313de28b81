package dev.heapwise.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent's max heap is the child's own, and what that means against -Xmx on each collector.
 *
 * <p>Measured on JDK 17.0.15 and 25.0.3 with -Xms64m (pinned, because the young generation's
 * growth room, and with it the figures below, depends on the initial heap, which defaults to 1/64
 * of the machine's memory):
 * <ul>
 *   <li>G1, ZGC: the MemoryMXBean's heap max is exactly -Xmx.</li>
 *   <li>Serial: -Xmx minus one survivor space (only eden and one survivor can ever hold new
 *       objects): -Xmx512m gives 518979584 = 536870912 - 17891328, the "Survivor Space" pool's max.</li>
 *   <li>Parallel: -Xmx minus the largest survivor space the young generation may grow to, its
 *       maximum size / MinSurvivorRatio (3), aligned down to 512 KiB: -Xmx512m gives 477626368 =
 *       536870912 - 59244544, with young max 178782208 (-Xmx less the "PS Old Gen" max).</li>
 * </ul>
 */
class MaxHeapIT {
    private static final long XMX = 512L << 20;
    private static final long SPACE_ALIGNMENT = 512L << 10;
    private static final int MIN_SURVIVOR_RATIO = 3;

    @Test
    void agentMaxHeapIsTheChildsOwnAndMatchesXmxAsTheCollectorDefinesIt() {
        try (ForkedJvm child = ForkedJvm.builder("MaxHeapIT").xmx("512m").jvmFlag("-Xms64m")
                .agent(ForkedJvm.TEST_AGENT).start()) {
            child.waitForPortFile(ForkedJvm.START_TIMEOUT);
            JsonNode own = child.send("report");
            JsonNode profile = child.getJson("profile");
            JsonNode status = child.getJson("status");

            long max = own.get("heap_max").asLong();
            assertEquals(max, profile.at("/heap/max_bytes").asLong(), "agent heap.max_bytes vs the child's MemoryMXBean");
            assertEquals(own.get("runtime_max").asLong(), status.at("/jvm/max_heap_bytes").asLong(),
                    "agent jvm.max_heap_bytes vs the child's Runtime.maxMemory()");
            assertEquals(max, own.get("runtime_max").asLong(), "the child's two views of max heap agree");
            assertEquals(XMX, status.at("/jvm/max_heap_size_flag_bytes").asLong(),
                    "the MaxHeapSize flag the agent reports is -Xmx itself, on every collector");

            long deficit = XMX - max;
            switch (JvmMatrix.current().gc()) {
                case G1, Z -> assertEquals(XMX, max, "G1 and ZGC report -Xmx itself");
                case SERIAL -> assertEquals(poolMax(own, "Survivor Space"), deficit,
                        "Serial leaves out exactly one survivor space");
                case PARALLEL -> {
                    long youngMax = XMX - poolMax(own, "PS Old Gen");
                    long largestSurvivor = youngMax / MIN_SURVIVOR_RATIO / SPACE_ALIGNMENT * SPACE_ALIGNMENT;
                    assertEquals(largestSurvivor, deficit,
                            "Parallel leaves out the largest survivor space (young max " + youngMax + " / 3, aligned)");
                    assertTrue(deficit >= poolMax(own, "PS Survivor Space"), "at least today's survivor space");
                }
                default -> throw new IllegalStateException("no expectation for " + JvmMatrix.current());
            }
        }
    }

    private static long poolMax(JsonNode report, String name) {
        for (JsonNode pool : report.get("heap_pools")) {
            if (pool.get("name").asText().equals(name)) {
                return pool.get("max").asLong();
            }
        }
        throw new AssertionError("no heap pool '" + name + "' in " + report.get("heap_pools"));
    }
}
