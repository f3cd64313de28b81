package dev.heapwise.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heapwise.it.apps.PoolUserApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.heapwise.it.EndpointsIT.assertJsonError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A managed buffer pool created over HTTP and used by application code through the agent jar's API
 * from four threads at once: its accounts must add up exactly (every lease counted once, as a hit or a
 * miss; none left in use; no more misses than buffers ever out at once). And the API's answers to
 * bad input: 400 for a bad body, 409 for a duplicate or one of the JVM's own pools, 404 for an
 * unknown name, 401 without the token.
 */
class PoolsIT {
    private static final String TOKEN = "pools-it-token";
    private static final int THREADS = 4;
    private static final int OPS = 2000;

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void applicationThreadsShareAPoolAndItsAccountsAddUp() {
        try (ForkedJvm child = ForkedJvm.builder("PoolsIT").mainClass(PoolUserApp.class)
                .agent(ForkedJvm.TEST_AGENT + ",token=" + TOKEN)
                .appArgs("buffer_pool", String.valueOf(THREADS), String.valueOf(OPS)).start()) {
            child.waitForPortFile(ForkedJvm.START_TIMEOUT);
            String body = "{\"name\": \"buffer_pool\", \"object_size\": 1024, \"max_objects\": 100, \"direct\": false}";
            assertJsonError(child.request("POST", "pools", null, body), 401);
            HttpAnswer created = child.request("POST", "pools", TOKEN, body);
            assertEquals(201, created.status(), created.toString());
            assertEquals("/v1/memory/pools/buffer_pool", created.header("Location"));
            assertEquals(1024, created.json().get("object_size").asInt());

            assertJsonError(child.request("POST", "pools", TOKEN, body), 409);
            for (String bad : List.of(
                    "{\"name\": \"no spaces!\", \"object_size\": 1024, \"max_objects\": 10}",
                    "{\"name\": \"" + "x".repeat(65) + "\", \"object_size\": 1024, \"max_objects\": 10}",
                    "{\"name\": \"p2\", \"object_size\": \"abc\", \"max_objects\": 10}",
                    "{\"name\": \"p2\", \"object_size\": 0, \"max_objects\": 10}",
                    "{\"name\": \"p2\", \"object_size\": 1024, \"max_objects\": -1}",
                    "{\"name\": \"p2\", \"object_size\": 1024}",
                    "{\"name\": \"p2\", \"object_size\": 1024, \"max_objects\": 10, \"colour\": \"red\"}",
                    "{\"name\": \"p2\", \"object_size\": 1024, \"max_objects\": 10, \"direct\": \"yes\"}",
                    "{\"name\": \"p2\", \"object_size\": 67108864, \"max_objects\": 1000000}",
                    "{\"name\": \"p2\", \"name\": \"p3\", \"object_size\": 1024, \"max_objects\": 10}",
                    "[1, 2]", "{\"name\": ", "", "null")) {
                HttpAnswer a = child.request("POST", "pools", TOKEN, bad);
                assertJsonError(a, 400);
                assertTrue(!a.body().contains("Exception") && !a.body().contains("\tat "), "no stack trace: " + a.body());
            }

            child.awaitLog("POOLED leases=" + THREADS * OPS * 5 / 4, Duration.ofSeconds(60));
            JsonNode s = child.getJson("pools/buffer_pool");
            long leases = THREADS * OPS * 5L / 4;
            assertEquals("managed", s.get("kind").asText());
            assertEquals(leases, s.get("acquired").asLong(), s.toString());
            assertEquals(leases, s.get("hits").asLong() + s.get("misses").asLong(), s.toString());
            assertEquals(leases, s.get("released").asLong(), s.toString());
            assertEquals(0, s.get("in_use").asLong(), s.toString());
            assertEquals(0, s.get("dropped").asLong(), s.toString());
            assertTrue(s.get("misses").asLong() <= 2L * THREADS, "at most two buffers a thread were ever out: " + s);
            assertEquals(s.get("misses").asLong(), s.get("free").asLong(), "every buffer made is back in the pool: " + s);
            assertEquals(s.get("free").asLong() * 1024, s.get("bytes_held").asLong(), s.toString());

            JsonNode all = child.getJson("pools");
            List<String> managed = new ArrayList<>();
            all.get("managed").forEach(p -> managed.add(p.get("name").asText()));
            assertEquals(List.of("buffer_pool"), managed);
            assertTrue(all.get("memory_pools").size() > 0 && all.get("buffer_pools").size() > 0, all.toString());
            assertEquals("jvm_buffer_pool", child.getJson("pools/direct").get("kind").asText());

            assertJsonError(child.get("pools/nope"), 404);
            assertJsonError(child.request("DELETE", "pools/nope", TOKEN), 404);
            assertJsonError(child.request("DELETE", "pools/buffer_pool", null), 401);
            assertJsonError(child.request("DELETE", "pools/direct", TOKEN), 409);
            // a managed pool may not take a JVM pool's name (it would hide that pool from GET /pools/{name})
            assertJsonError(child.request("POST", "pools", TOKEN, "{\"name\": \"direct\", \"object_size\": 1, \"max_objects\": 1}"), 409);
            assertEquals("jvm_buffer_pool", child.getJson("pools/direct").get("kind").asText());
            HttpAnswer deleted = child.request("DELETE", "pools/buffer_pool", TOKEN);
            assertEquals(200, deleted.status(), deleted.toString());
            assertJsonError(child.get("pools/buffer_pool"), 404);
        }
    }
}
