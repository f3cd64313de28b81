package dev.heapwise.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heapwise.it.apps.OversizedMethodApp;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A class with a method that rewriting would push past the JVM's 64 KB code limit (as generated parsers
 * and table initialisers are): the agent leaves that one method alone and rewrites the rest of the class,
 * where it used to lose the whole class. The class is compiled by javac inside the child, which also
 * shows that the JDK's own modules on the application loader (jdk.compiler) are never rewritten.
 * Rewriting does not depend on the collector, so two executions of the matrix, one per JDK, run it.
 */
class OversizedMethodIT {
    private static final List<String> ON = List.of("17-G1", "25-G1");

    @Test
    void theOversizedMethodIsLeftAloneAndTheRestOfItsClassIsRewritten() {
        Assumptions.assumeTrue(ON.contains(JvmMatrix.current().id()), "SKIPPED: run on " + ON + " only");
        try (ForkedJvm child = ForkedJvm.builder("OversizedMethodIT").mainClass(OversizedMethodApp.class)
                .agent(ForkedJvm.TEST_AGENT + ",sampleInterval=1,maxSamplesPerSecond=0").start()) {
            child.waitForPortFile(ForkedJvm.START_TIMEOUT);
            Poll.until("the generated class to run", Duration.ofSeconds(60), child::stdout, out -> {
                if (!child.isAlive()) {
                    throw new AssertionError("the child exited:\n" + child.log());
                }
                return out.contains("READY");
            });
            assertTrue(child.stdout().contains("big=7000"), child.log());

            JsonNode report = Poll.until("the generated class's small method to be sampled", Duration.ofSeconds(30),
                    () -> child.getJson("allocations?by=site&top=200"), r -> sites(r, "GeneratedTables.small(").size() > 0);
            assertEquals(List.of(), sites(report, "GeneratedTables.big("), "the oversized method must stay as it is");
            assertEquals(List.of(), sites(report, "com.sun.tools.javac."), "javac is the JDK's: never rewritten");
            assertEquals(1, report.get("methods_oversized").asLong(), report.toString());
            assertEquals(0, report.get("classes_failed").asLong(), report.toString());

            String log = child.stderr();
            assertTrue(log.contains("method GeneratedTables.big()I would exceed the JVM's 64 KB code limit"), log);
            assertFalse(log.contains("GeneratedTables could not be instrumented"), log);
            assertFalse(log.matches("(?s).*(VerifyError|ClassFormatError).*"), log);
        }
    }

    private static List<String> sites(JsonNode report, String prefix) {
        List<String> out = new ArrayList<>();
        report.get("entries").forEach(e -> {
            if (e.get("site").asText().startsWith(prefix)) {
                out.add(e.get("site").asText());
            }
        });
        return out;
    }
}
