package dev.heapwise.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every thread the agent adds to an application is a daemon named {@code heapwise-*} (or one of the
 * flight recorder's, when survivor tracking starts it): found by comparing the threads the same
 * application sees with and without the agent.
 */
class AgentThreadsIT {
    /** JDK threads that appear on demand, agent or not (attach, HTTP keep-alive, process reaping). */
    private static final Set<String> COME_AND_GO = Set.of("Attach Listener", "Keep-Alive-Timer", "process reaper");
    /**
     * The JVM's flight recorder, which survivor tracking (on in the test profile) starts for its
     * old-object samples: the JVM's own threads, not the agent's, and daemons too (README, Threads).
     */
    private static final Set<String> FLIGHT_RECORDER = Set.of("JFR Recorder Thread", "JFR Periodic Tasks");

    @Test
    void threadsTheAgentAddsAreDaemonsNamedHeapwise() {
        Map<String, Boolean> without;
        try (ForkedJvm plain = ForkedJvm.builder("AgentThreadsIT-plain").start()) {
            without = threads(plain.send("report"));
        }
        Map<String, Boolean> with;
        try (ForkedJvm child = ForkedJvm.builder("AgentThreadsIT-agent").agent(ForkedJvm.TEST_AGENT).start()) {
            child.waitForPortFile(ForkedJvm.START_TIMEOUT);
            // Serve a few requests first, so the HTTP worker threads exist when the child lists its threads.
            for (String e : EndpointsIT.ENDPOINTS) {
                assertEquals(200, child.get(e).status());
            }
            with = threads(child.send("report"));
        }
        Map<String, Boolean> added = new TreeMap<>(with);
        added.keySet().removeAll(without.keySet());
        added.keySet().removeAll(COME_AND_GO);

        assertFalse(added.isEmpty(), "the agent runs threads of its own; without: " + without.keySet() + ", with: " + with.keySet());
        added.forEach((name, daemon) -> {
            assertTrue(name.startsWith("heapwise-") || FLIGHT_RECORDER.contains(name),
                    "thread '" + name + "' added by the agent is not named heapwise-*: " + added);
            assertTrue(daemon, "thread '" + name + "' added by the agent is not a daemon: " + added);
        });
        assertTrue(added.keySet().stream().anyMatch(n -> n.startsWith("heapwise-http")), "HTTP threads: " + added);
    }

    private static Map<String, Boolean> threads(JsonNode report) {
        Map<String, Boolean> threads = new TreeMap<>();
        report.get("threads").forEach(t -> threads.put(t.get("name").asText(), t.get("daemon").asBoolean()));
        return threads;
    }
}
