package dev.heapwise.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heapwise.it.workloads.AllWorkloads;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real libraries' own behaviour, with every allocation site in them rewritten and every allocation
 * sampled ({@code sampleInterval=1}, no rate cap), gives exactly the results it gives without the agent:
 * Jackson, H2, Lucene, an allocation-heavy loop, project code in the bytecode shapes that are hard to
 * rewrite (dev.heapwise.it.workloads.shapes), and libraries with class files older than Java 6 (no stack
 * map frames, JSR/RET subroutines in some methods: Velocity 1.5, Commons Lang 2.4, Commons Collections
 * 3.2.2, ORO 2.0.8; see LegacyWorkload). Each workload's digest covers every result it produced, so
 * one changed value, one lost exception or one reordered side effect changes it; a VerifyError fails the
 * run outright. Two children run side by side: one without the agent, one with it, held open at the end
 * so the agent can be asked what it saw.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstrumentedLibrariesIT {
    static final String INCLUDE = "com.fasterxml.jackson.*;org.h2.*;org.apache.lucene.*;dev.heapwise.it.workloads.*"
            + ";org.apache.velocity.*;org.apache.commons.lang.*;org.apache.commons.collections.*;org.apache.oro.*";
    static final String AGENT = "port=0,sampleInterval=1,maxSamplesPerSecond=0,summaryInterval=0,include=" + INCLUDE;
    /** Package prefixes whose sites the agent must report, one per library and the project's own code. */
    static final List<String> PACKAGES = List.of("com.fasterxml.jackson.", "org.h2.", "org.apache.lucene.",
            "dev.heapwise.it.workloads.", "org.apache.velocity.", "org.apache.commons.lang.",
            "org.apache.commons.collections.", "org.apache.oro.");
    /** Generous: sampling every allocation makes the instrumented child several times slower than the plain one. */
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(150);
    /** Errors a broken rewrite shows as, whoever prints them (the JVM, a library, the agent). */
    private static final Pattern BROKEN_BYTECODE = Pattern.compile(
            "VerifyError|ClassFormatError|IncompatibleClassChangeError|NoSuchMethodError|NoSuchFieldError"
                    + "|AbstractMethodError|BootstrapMethodError|NoClassDefFoundError|ExceptionInInitializerError");
    /** The agent's own complaints about rewriting or sampling (one line each, "heapwise WARN [...] ..."). */
    private static final Pattern AGENT_TROUBLE = Pattern.compile(
            "(?m)^.*heapwise (?:ERROR.*|WARN.*(?i:instrument|transform|sampl|bytecode|class ).*)$");

    private static ForkedJvm plain;
    private static ForkedJvm instrumented;
    private static WorkloadDigests expected;
    private static WorkloadDigests actual;

    @BeforeAll
    static void runBoth() {
        plain = ForkedJvm.builder("InstrumentedLibrariesIT-plain").withLibraries().mainClass(AllWorkloads.class)
                .appArgs("--digest").start();
        instrumented = ForkedJvm.builder("InstrumentedLibrariesIT-agent").withLibraries().mainClass(AllWorkloads.class)
                .appArgs("--digest", "--hold").agent(AGENT).start();
        // The port file proves the agent really started in the instrumented child (not just that it ran).
        instrumented.waitForPortFile(ForkedJvm.START_TIMEOUT);
        assertEquals(0, plain.awaitExit(RUN_TIMEOUT), "the plain run failed:\n" + plain.log());
        expected = WorkloadDigests.parse(plain.stdout());
        Poll.until("the instrumented child to finish its digests", RUN_TIMEOUT, () -> {
            if (!instrumented.isAlive()) {
                throw new AssertionError("the instrumented child exited before its digests were done:\n" + instrumented.log());
            }
            return instrumented.stdout().contains("\nHOLD ");
        }, done -> done);
        actual = WorkloadDigests.parse(instrumented.stdout());
        System.err.printf(Locale.ROOT, "InstrumentedLibrariesIT %s: digest ms without agent %s, with agent %s%n",
                JvmMatrix.current().id(), millis(expected), millis(actual));
    }

    @AfterAll
    static void stop() {
        if (plain != null) {
            plain.close();
        }
        if (instrumented != null) {
            instrumented.close();
        }
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jackson", "h2", "lucene", "allocmicro", "shapes", "legacy"})
    void sameResultsWithEveryAllocationSampled(String workload) {
        WorkloadDigests.Entry without = expected.of(workload);
        WorkloadDigests.Entry with = actual.of(workload);
        // A floor on the work done, so that a workload which silently did nothing cannot match itself.
        assertTrue(without.items() >= 40, workload + " fed only " + without.items() + " results into its digest");
        assertEquals(without.items(), with.items(), workload + ": a different number of results under the agent");
        assertEquals(without.sha256(), with.sha256(), workload + ": different results under the agent; its log:\n"
                + instrumented.log());
    }

    @Order(2)
    @Test
    void noBrokenBytecodeAndNoRewriteComplaints() {
        String log = instrumented.log();
        Matcher broken = BROKEN_BYTECODE.matcher(log);
        if (broken.find()) {
            throw new AssertionError("'" + broken.group() + "' in the instrumented child's output:\n" + log);
        }
        Matcher trouble = AGENT_TROUBLE.matcher(instrumented.stderr());
        List<String> lines = new ArrayList<>();
        while (trouble.find()) {
            // An agent that does not know a key yet says so and runs on; that is not a rewriting problem.
            if (!trouble.group().contains("unknown configuration key")) {
                lines.add(trouble.group());
            }
        }
        assertEquals(List.of(), lines, "the agent reported trouble with rewriting or sampling");
    }

    @Order(3)
    @Test
    void allocationsEndpointNamesSitesInEveryIncludedPackage() {
        HttpAnswer a = instrumented.get("allocations?by=site&top=1000");
        Assumptions.assumeTrue(a.status() != 404, "SKIPPED: GET /v1/memory/allocations answered 404 (no allocation"
                + " endpoint in this agent yet); the digests above were still compared");
        assertEquals(200, a.status(), "GET allocations?by=site: " + a);
        JsonNode body = a.json();
        if (body.has("classes_failed")) {
            assertEquals(0, body.get("classes_failed").asLong(), "classes the agent could not rewrite: " + body);
        }
        List<String> sites = new ArrayList<>();
        body.findValuesAsText("site").forEach(sites::add);
        assertTrue(sites.size() > 50, "expected hundreds of sites with every allocation sampled, got " + sites);
        List<String> missing = new ArrayList<>();
        for (String pkg : PACKAGES) {
            if (sites.stream().noneMatch(s -> s.startsWith(pkg))) {
                missing.add(pkg);
            }
        }
        assertEquals(List.of(), missing, "no allocation site reported in these included packages, among "
                + sites.size() + " sites; first ones: " + sites.subList(0, Math.min(10, sites.size())));
    }

    @Order(4)
    @Test
    void instrumentedChildExitsCleanly() {
        instrumented.send("exit");
        assertEquals(0, instrumented.awaitExit(Duration.ofSeconds(30)), instrumented.log());
    }

    private static String millis(WorkloadDigests d) {
        StringBuilder b = new StringBuilder();
        d.byWorkload().forEach((name, e) -> b.append(name).append('=').append(e.millis()).append(' '));
        return b.toString().trim();
    }
}
