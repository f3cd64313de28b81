package dev.heapwise.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The heap-free-ratio ladder under a real memory limit: the child is moved into a memory cgroup of the
 * test's own, fills part of its heap, and the limit is then set so that it uses 78%, then 90% of it:
 * the tuner must climb to the first rung (MaxHeapFreeRatio 40), then the second (20), and give the
 * JVM's own ratios back when the limit is raised far above its use. On the collectors whose heap sizing
 * follows the ratios (G1, Serial); skipped without root or a writable cgroup hierarchy.
 */
class TunerPressureIT {
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void theLadderFollowsMemoryPressureUpAndDown() throws IOException {
        assumeG1OrSerial("the ratios steer G1 and Serial only");
        try (MemoryCgroup cgroup = MemoryCgroup.create("heapwise-it")) {
            Assumptions.assumeTrue(cgroup != null, "SKIPPED: " + MemoryCgroup.unavailable);
            try (ForkedJvm child = ForkedJvm.builder("TunerPressureIT").xmx("400m")
                    .agent(ForkedJvm.TEST_AGENT + ",tunerInterval=500ms,tunerHold=2s").start()) {
                child.waitForPortFile(ForkedJvm.START_TIMEOUT);
                cgroup.add(child.pid());
                child.send("fill 0.5"); // charged to the new cgroup: memory touched after the move
                long used = cgroup.usage();

                // the cgroup's usage keeps rising a little after the fill (collections copy into pages not
                // yet charged to it), so a rung may be passed on the way: at most 40, then at most 20
                cgroup.limit((long) (used / 0.78));
                ratio(child, 40);
                cgroup.limit((long) (cgroup.usage() / 0.90));
                ratio(child, 20);
                // the ladder's newest decision names the cgroup (other levers, g1-periodic-gc once the
                // filled application has idled long enough, may have decided since)
                JsonNode d = child.getJson("gc/history").get("decisions");
                JsonNode ladder = null;
                for (JsonNode x : d) {
                    if (x.get("lever").asText().equals("heap-free-ratio")) {
                        ladder = x;
                    }
                }
                assertTrue(ladder != null && ladder.get("reason").asText().contains("cgroup"), d.toString());

                cgroup.limit(used * 8);
                ratio(child, 70);
            }
        }
    }

    /**
     * Bursty services sharing one container: near the container's limit, an idle JVM gives its heap back
     * at its first idle reading, not after {@code idleDelay} (set to 10 minutes here, so only the
     * pressure can explain a give-back within the test's time).
     */
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void nearTheContainersLimitAnIdleJvmGivesBackWithoutWaitingForIdleDelay() throws IOException {
        assumeG1OrSerial("G1 and Serial give heap back at run time on this lever");
        try (MemoryCgroup cgroup = MemoryCgroup.create("heapwise-it-urgent")) {
            Assumptions.assumeTrue(cgroup != null, "SKIPPED: " + MemoryCgroup.unavailable);
            // -Xms: Serial never shrinks below the initial heap, by default 1/64 of this machine (384 MB)
            try (ForkedJvm child = ForkedJvm.builder("TunerPressureIT-urgent").xmx("400m").jvmFlag("-Xms32m")
                    .agent(ForkedJvm.TEST_AGENT + ",tunerInterval=1s,idleDelay=10m").start()) {
                child.waitForPortFile(ForkedJvm.START_TIMEOUT);
                cgroup.add(child.pid());
                child.send("fill 0.6");
                child.send("drop");
                long committedBefore = child.getJson("profile").at("/heap/committed_bytes").asLong();
                cgroup.limit((long) (cgroup.usage() / 0.88));

                JsonNode giveBack = Poll.until("a give-back under pressure", Duration.ofSeconds(30), () -> {
                    Poll.pause(500);
                    for (JsonNode d : child.getJson("gc/history").get("decisions")) {
                        if (d.get("reason").asText().contains("not waiting for idleDelay")) {
                            return d;
                        }
                    }
                    return null;
                }, d -> d != null);
                assertTrue(giveBack.get("applied").asBoolean(), giveBack.toString());
                Poll.until("the committed heap to shrink", Duration.ofSeconds(30), () -> {
                    Poll.pause(500);
                    return child.getJson("profile").at("/heap/committed_bytes").asLong();
                }, committed -> committed < committedBefore / 2);
            }
        }
    }

    private static void assumeG1OrSerial(String why) {
        JvmMatrix.Collector gc = JvmMatrix.current().gc();
        Assumptions.assumeTrue(gc == JvmMatrix.Collector.G1 || gc == JvmMatrix.Collector.SERIAL, "SKIPPED: " + why);
    }

    /**
     * Waits until MaxHeapFreeRatio reads {@code expected} or a tighter rung's value (the JVM's own 70, no
     * change in force, is waited for exactly).
     */
    private static void ratio(ForkedJvm child, int expected) {
        JsonNode h = Poll.until("MaxHeapFreeRatio " + expected, Duration.ofSeconds(20), () -> {
            Poll.pause(500);
            return child.getJson("gc/history");
        }, x -> {
            JsonNode f = x.at("/tuner/changed_flags/MaxHeapFreeRatio");
            return expected == 70 ? f.isMissingNode() : !f.isMissingNode() && f.get("current").asInt() <= expected;
        });
        assertEquals("auto", h.at("/tuner/mode").asText());
    }
}
