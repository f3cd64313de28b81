package dev.heapwise.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heapwise.it.apps.BurstyApp;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tuner on a real bursty application (a 150 MB live set built, dropped, then 30 s idle) on each
 * collector of the matrix, with short idle settings: what each lever does where it applies (G1: the
 * periodic collections give the heap back; Serial: an idle compaction; ZGC: a lower SoftMaxHeapSize
 * and a collection cycle; Parallel: nothing, with the reason), that switching the tuner off puts the
 * flags back, and that JVM shutdown does too. The test reads the agent slowly (once a second): its own
 * requests must not make the application look busy.
 */
class TunerIT {
    private static final String TOKEN = "tuner-it-token";
    private static final String AGENT = ForkedJvm.TEST_AGENT + ",token=" + TOKEN + ",tunerInterval=1s,idleDelay=3s,"
            + "idleGcInterval=1s,idleReturnMinBytes=1m,compactionThreshold=16m,compactionInterval=0,summaryInterval=0";

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void eachLeverActsWhereItAppliesAndEveryFlagIsPutBack() {
        JvmMatrix.Collector gc = JvmMatrix.current().gc();
        // -Xms32m: Serial and Parallel never shrink below the initial heap (1/64 of the machine by default)
        try (ForkedJvm child = ForkedJvm.builder("TunerIT").mainClass(BurstyApp.class).xmx("512m").jvmFlag("-Xms32m").agent(AGENT)
                .appArgs("--burst-mb", "150", "--busy-seconds", "0", "--idle-seconds", "30", "--cycles", "1").start()) {
            child.waitForPortFile(ForkedJvm.START_TIMEOUT);
            child.awaitLog("^IDLE cycle=1", Duration.ofSeconds(90));
            long committedAtIdle = child.getJson("profile").at("/heap/committed_bytes").asLong();
            switch (gc) {
                case G1 -> {
                    decision(child, "g1-periodic-gc", "set");
                    Poll.until("committed heap given back", Duration.ofSeconds(30), () -> slowly(child, "profile"),
                            p -> p.at("/heap/committed_bytes").asLong() <= committedAtIdle / 2);
                }
                case SERIAL -> {
                    JsonNode d = decision(child, "idle-collection", "collect");
                    assertTrue(d.at("/after/heap_committed_bytes").asLong() < d.at("/before/heap_committed_bytes").asLong(), d.toString());
                }
                case Z -> {
                    decision(child, "soft-max-heap", "set");
                    decision(child, "idle-collection", "collect");
                }
                case PARALLEL -> {
                    Poll.pause(10_000);
                    JsonNode h = child.getJson("gc/history");
                    assertEquals(0, h.get("decisions").size(), "Parallel: no lever applies; " + h.get("decisions"));
                    h.at("/tuner/levers").forEach(l -> {
                        assertFalse(l.get("applies").asBoolean(), l.toString());
                        assertFalse(l.get("why_not").asText().isBlank(), l.toString());
                    });
                    return;
                }
                default -> throw new AssertionError("no expectation for " + gc);
            }
            if (gc == JvmMatrix.Collector.SERIAL) {
                return; // Serial's levers change no flag while memory is plentiful: nothing to put back
            }
            String flag = gc == JvmMatrix.Collector.G1 ? "G1PeriodicGCInterval" : "SoftMaxHeapSize";
            JsonNode changed = child.getJson("gc/history").at("/tuner/changed_flags/" + flag);
            assertFalse(changed.isMissingNode(), "the lever changed " + flag);
            String original = changed.get("original").asText();

            HttpAnswer off = child.request("POST", "gc/tuner", TOKEN, "{\"mode\": \"off\"}");
            assertEquals(200, off.status(), off.toString());
            assertEquals(original, off.json().at("/restored/0/after/" + flag).asText(), off.body());
            assertEquals(0, child.getJson("gc/history").at("/tuner/changed_flags").size());

            HttpAnswer on = child.request("POST", "gc/tuner", TOKEN, "{\"mode\": \"auto\"}");
            assertEquals(200, on.status(), on.toString());
            Poll.until(flag + " changed again", Duration.ofSeconds(20), () -> slowly(child, "gc/history"),
                    h -> !h.at("/tuner/changed_flags/" + flag).isMissingNode());
            assertEquals(0, child.awaitExit(Duration.ofSeconds(60)));
            String restored = child.awaitLog("tuner: all restore .*" + flag + ".*the JVM is shutting down", Duration.ofSeconds(5));
            assertTrue(restored.contains("-> " + original), restored);
        }
    }

    /**
     * G1, busy again after the idle give-back: the heap-regrow lever raises MinHeapFreeRatio so the heap
     * grows back to its busy size (not past it), and puts the JVM's own ratios back (once the heap is back, or when
     * the application idles again). The work is paced (10,000 operations a second, about 90 MB/s), as a
     * service serves what it is asked: at full speed (1.4 GB/s) G1 grew its heap past half the busy size
     * by itself within the first second on CI, before any tuner pass could see it small, and a heap
     * that grew back on its own is rightly left alone.
     */
    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void g1GrowsTheHeapBackInOneStepWhenBusyAgainAfterAGiveBack() {
        Assumptions.assumeTrue(JvmMatrix.current().gc() == JvmMatrix.Collector.G1, "G1 only");
        try (ForkedJvm child = ForkedJvm.builder("TunerIT-regrow").mainClass(BurstyApp.class).xmx("1g").agent(AGENT)
                .appArgs("--burst-mb", "200", "--busy-seconds", "8", "--idle-seconds", "40", "--cycles", "2",
                        "--max-ops-per-sec", "10000").start()) {
            child.waitForPortFile(ForkedJvm.START_TIMEOUT);
            child.awaitLog("^IDLE cycle=1", Duration.ofSeconds(90));
            decision(child, "g1-periodic-gc", "set");
            child.awaitLog("^BUSY cycle=2", Duration.ofSeconds(60));
            JsonNode set = decision(child, "heap-regrow", "set");
            int min = Integer.parseInt(set.at("/after/MinHeapFreeRatio").asText());
            assertTrue(min > 40 && min <= 90, set.toString());
            decision(child, "heap-regrow", "restore");
            JsonNode changed = child.getJson("gc/history").at("/tuner/changed_flags");
            assertTrue(changed.path("MinHeapFreeRatio").isMissingNode(), "the ratios are the JVM's own again: " + changed);
            // back to its busy size, not past it: a ratio that ignored the live set's growth took the heap to -Xmx
            long busySize = busyCommittedPeak(child.stdout(), 1);
            long regrown = busyCommittedPeak(child.stdout(), 2);
            assertTrue(regrown <= 1.6 * busySize, "regrown to " + regrown + " bytes, busy size " + busySize);
        }
    }

    /** The largest committed heap the application's TICK lines report in that cycle's busy phase. */
    private static long busyCommittedPeak(String stdout, int cycle) {
        Matcher m = Pattern.compile("^TICK .* cycle=" + cycle + " phase=busy .*heap_committed=(\\d+)$", Pattern.MULTILINE).matcher(stdout);
        long peak = 0;
        while (m.find()) {
            peak = Math.max(peak, Long.parseLong(m.group(1)));
        }
        assertTrue(peak > 0, "no busy TICK line for cycle " + cycle);
        return peak;
    }

    /**
     * The first decision of that lever and action, applied, waiting up to 30 s for it. The GC events are
     * dropped from what is polled so that a failure shows the tuner's readings and decisions in full.
     */
    private static JsonNode decision(ForkedJvm child, String lever, String action) {
        Predicate<JsonNode> match = d -> d.get("lever").asText().equals(lever) && d.get("action").asText().equals(action);
        Supplier<JsonNode> tunerOnly = () -> ((ObjectNode) slowly(child, "gc/history")).without("events");
        JsonNode history = Poll.until(lever + " " + action, Duration.ofSeconds(30), tunerOnly, h -> {
            for (JsonNode d : h.get("decisions")) {
                if (match.test(d)) {
                    return true;
                }
            }
            return false;
        });
        for (JsonNode d : history.get("decisions")) {
            if (match.test(d)) {
                assertTrue(d.get("applied").asBoolean(), d.toString());
                assertFalse(d.get("reason").asText().isBlank(), d.toString());
                return d;
            }
        }
        throw new AssertionError("unreachable");
    }

    /** One GET a second at most: a busier poll would make the application look busy to the tuner. */
    static JsonNode slowly(ForkedJvm child, String path) {
        Poll.pause(1000);
        return child.getJson(path);
    }
}
