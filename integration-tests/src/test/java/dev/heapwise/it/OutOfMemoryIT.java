package dev.heapwise.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The application runs its heap out, as a leak ends: an OutOfMemoryError it catches, with the memory kept
 * for a while, so that the agent's own allocations fail too (its HTTP threads, its periodic tasks, its log
 * lines). Once the application lets go, every part of the agent works again: the HTTP API answers, and the
 * profile history, leak detection and alert evaluation are still running, since a periodic task that
 * throws is never run again by its executor.
 */
class OutOfMemoryIT {
    private static final String AGENT = ForkedJvm.TEST_AGENT + ",leakDetectionInterval=1s,alertInterval=500ms";

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void everyPartOfTheAgentWorksAgainAfterTheHeapRanOut() {
        try (ForkedJvm child = ForkedJvm.builder("OutOfMemoryIT").xmx("64m").agent(AGENT).start()) {
            child.waitForPortFile(ForkedJvm.START_TIMEOUT);
            Poll.until("a first leak-detection pass", Duration.ofSeconds(20), () -> child.getJson("leaks"),
                    l -> l.get("passes").asLong() >= 1);

            // the heap stays full for 5 s while the agent's tasks run into it and connections keep coming
            AtomicBoolean full = new AtomicBoolean(true);
            Thread knocker = new Thread(() -> {
                while (full.get()) {
                    knock(child.port(), "/metrics");
                    knock(child.port(), "/v1/memory/profile");
                    Poll.pause(100);
                }
            }, "OutOfMemoryIT-knocker");
            knocker.start();
            JsonNode exhausted;
            try {
                exhausted = child.send("exhaust 5000");
            } finally {
                full.set(false);
            }
            assertTrue(exhausted.get("out_of_memory_errors").asInt() > 10, exhausted.toString());
            child.send("gc");

            // Read from the port file each time: a restart whose old port stays taken moves (and says so there).
            // A short timeout: a request into the dead server's listening socket is never answered.
            HttpAnswer status = Poll.until("the API answering again", Duration.ofSeconds(30), () -> {
                try {
                    child.waitForPortFile(Duration.ofSeconds(2));
                    return child.get("status", Duration.ofSeconds(2));
                } catch (RuntimeException | AssertionError e) {
                    return null;
                }
            }, a -> a != null && a.status() == 200);
            assertTrue(status.json().at("/agent/uptime_ms").asLong() > 0, status.toString());
            long profiles = child.getJson("profile/history").get("count").asLong();
            long passes = child.getJson("leaks").get("passes").asLong();
            long evaluations = child.getJson("alerts").get("evaluations").asLong();
            Poll.until("profiling, leak detection and alerts running on", Duration.ofSeconds(20), () -> new long[] {
                    child.getJson("profile/history").get("count").asLong(), child.getJson("leaks").get("passes").asLong(),
                    child.getJson("alerts").get("evaluations").asLong()},
                    now -> (now[0] > profiles || now[0] == child.getJson("profile/history").get("capacity").asLong())
                            && now[1] > passes && now[2] > evaluations);
            assertTrue(child.get("/metrics").status() == 200, "the Prometheus endpoint answers");
        }
    }

    /** One request that waits at most a second for its answer, whatever becomes of it. */
    private static void knock(int port, String path) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(1000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            s.getInputStream().read(new byte[4096]);
        } catch (IOException unanswered) {
            // an agent without heap may not answer: that is what this test puts it through
        }
    }
}
