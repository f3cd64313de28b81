package dev.heapwise.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heapwise.it.apps.RequestApp;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bytes allocated per invocation, for real HTTP requests on the JDK's server: its handlers (a class and a
 * lambda) are tracked with no configuration, a method named by {@code trackMethods} too, and each one's
 * figures match what it allocates.
 */
class MethodAllocationIT {
    private static final int KB = 1024;
    /** A one-kilobyte byte array: 16 bytes of header and length, then the data. */
    private static final int BLOCK = 16 + KB;

    @Test
    void handlersAndNamedMethodsReportTheirBytesPerInvocation() {
        try (ForkedJvm child = ForkedJvm.builder("MethodAllocationIT").mainClass(RequestApp.class)
                .agent(ForkedJvm.TEST_AGENT + ",trackMethods=dev.heapwise.it.apps.RequestApp$Work.comp*").start()) {
            child.waitForPortFile(ForkedJvm.START_TIMEOUT);
            assertEquals(40, child.send("requests /block?kb=256 40").get("ok").asInt());
            assertEquals(30, child.send("requests /lambda 30").get("ok").asInt());
            child.send("compute 100 200");

            JsonNode report = child.getJson("allocations?by=method&top=10");
            assertEquals("method", report.get("by").asText());
            Map<String, JsonNode> byName = new HashMap<>();
            report.get("entries").forEach(e -> byName.put(e.get("name").asText(), e));

            JsonNode handler = byName.get("handle");
            assertNotNull(handler, "the HttpHandler class is tracked by default: " + report);
            assertEquals("dev.heapwise.it.apps.RequestApp$BlockHandler", handler.get("class").asText());
            assertEquals(40, handler.get("invocations").asLong());
            // 256 blocks, plus whatever the handler's own code and the server allocate for the exchange
            assertBetween(handler.get("p50_bytes").asLong(), 256 * BLOCK, 256 * BLOCK * 3 / 2, "handler p50 " + handler);
            assertTrue(handler.get("p99_bytes").asLong() >= handler.get("p50_bytes").asLong(), handler.toString());

            JsonNode lambda = byName.entrySet().stream().filter(e -> e.getKey().startsWith("lambda$"))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
            assertNotNull(lambda, "a lambda handler is tracked by default: " + report);
            assertEquals(30, lambda.get("invocations").asLong());
            assertBetween(lambda.get("p50_bytes").asLong(), 16 * BLOCK,
                    16 * BLOCK * 3, "lambda p50 " + lambda);

            JsonNode compute = byName.get("compute");
            assertNotNull(compute, "trackMethods names Work.compute: " + report);
            assertEquals(40 + 30 + 200, compute.get("invocations").asLong());
            // compute allocates exactly its blocks and one list: the 200 direct calls dominate the median
            assertBetween(compute.get("p50_bytes").asLong(), 100 * BLOCK, 100 * BLOCK * 17 / 16 + 2 * KB, "compute p50 " + compute);
            long total = compute.get("total_bytes").asLong();
            long expected = 40L * 256 * BLOCK + 30L * 16 * BLOCK + 200L * 100 * BLOCK;
            assertBetween(total, expected, expected + 270L * 2 * KB, "compute total " + compute);
            assertEquals(total / 270, compute.get("mean_bytes").asLong());
        }
    }

    /**
     * The JVM counts allocated bytes per platform thread only: invocations of a tracked method on virtual
     * threads are reported as run, unmeasured and said why, and the byte figures stay those of the
     * invocations it could measure.
     */
    @Test
    void invocationsOnVirtualThreadsAreCountedAndMarkedUnmeasured() {
        try (ForkedJvm child = ForkedJvm.builder("MethodAllocationIT").mainClass(RequestApp.class)
                .agent(ForkedJvm.TEST_AGENT + ",trackMethods=dev.heapwise.it.apps.RequestApp$Work.comp*").start()) {
            child.waitForPortFile(ForkedJvm.START_TIMEOUT);
            Assumptions.assumeTrue(child.send("virtual-compute 8 60").get("virtual").asBoolean(),
                    "SKIPPED: JDK " + JvmMatrix.current().jdk() + " has no virtual threads");
            child.send("compute 100 20");

            JsonNode report = child.getJson("allocations?by=method&top=10");
            JsonNode compute = null;
            for (JsonNode e : report.get("entries")) {
                compute = "compute".equals(e.get("name").asText()) ? e : compute;
            }
            assertNotNull(compute, "trackMethods names Work.compute: " + report);
            assertEquals(80, compute.get("invocations").asLong(), compute.toString());
            assertEquals(60, compute.get("unmeasured_invocations").asLong(), compute.toString());
            assertTrue(compute.get("unmeasured_reason").asText().contains("virtual threads"), compute.toString());
            // the 20 platform-thread calls alone: 100 blocks each, and one list
            assertBetween(compute.get("mean_bytes").asLong(), 100 * BLOCK, 100 * BLOCK + 2 * KB, "compute mean " + compute);
            assertBetween(compute.get("total_bytes").asLong(), 20L * 100 * BLOCK, 20L * (100 * BLOCK + 2 * KB), "compute total " + compute);
        }
    }

    private static void assertBetween(long value, long low, long high, String what) {
        assertTrue(value >= low && value <= high, what + ": " + value + " not in [" + low + ", " + high + "]");
    }
}
