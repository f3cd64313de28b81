package dev.heapwise.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bad argument never costs the application: each mistake is one clear log line naming the key, the
 * value and what was used instead, the application answers, and the agent runs on with the rest.
 */
class BadArgumentsIT {
    /** A warning of the agent, from whichever of its loggers. */
    private static final String CONFIG_WARNING = "heapwise WARN +\\[[^]]+\\] ";

    @TempDir
    Path files;

    @Test
    void portThatIsNotANumberFallsBackToTheNextSource() {
        // -Dheapwise.port=0 is the next source down: the agent must fall back to it, not to the default
        // 7171 (which also keeps this test off a fixed port).
        try (ForkedJvm child = startWith("port=abc")) {
            assertProblemLogged(child, Pattern.quote("invalid value for port='abc' from agent argument: ")
                    + "must be a port number.*; using 0$");
            assertRunsOn(child);
            assertEquals(0, child.getJson("config").at("/keys/port/value").asInt());
        }
    }

    @Test
    void negativeProfilingIntervalKeepsTheProfileDefault() {
        try (ForkedJvm child = startWith("profilingInterval=-1s")) {
            assertProblemLogged(child, Pattern.quote("invalid value for profilingInterval='-1s' from agent argument: ")
                    + "must be a duration.*; using 1s$");
            assertRunsOn(child);
            JsonNode key = child.getJson("config").at("/keys/profilingInterval");
            assertEquals("1s", key.get("value").asText());
            assertEquals("profile default", key.get("source").asText());
        }
    }

    @Test
    void unknownKeyIsNamedAndIgnored() {
        try (ForkedJvm child = startWith("bogus=1")) {
            assertProblemLogged(child, Pattern.quote("unknown configuration key 'bogus' from agent argument ignored"));
            assertRunsOn(child);
        }
    }

    @Test
    void missingConfigFileIsReportedAndSkipped() {
        Path missing = files.resolve("no-such-config.json");
        try (ForkedJvm child = startWith("config=" + missing)) {
            assertProblemLogged(child, Pattern.quote("config file '" + missing + "' could not be read (")
                    + ".*\\); continuing without it$");
            assertRunsOn(child);
        }
    }

    @Test
    void malformedConfigFileIsReportedAndSkipped() throws IOException {
        Path malformed = files.resolve("malformed.json");
        Files.writeString(malformed, "{\"historySize\": 42, \"port\": }\n");
        try (ForkedJvm child = startWith("config=" + malformed)) {
            assertProblemLogged(child, Pattern.quote("config file '" + malformed + "' is not valid JSON (")
                    + ".*\\); continuing without it$");
            assertRunsOn(child);
            assertEquals("profile default", child.getJson("config").at("/keys/historySize/source").asText(),
                    "nothing from a malformed file is applied");
        }
    }

    /** The port comes from a system property, so that the argument under test may be port=abc itself. */
    private static ForkedJvm startWith(String badArgument) {
        return ForkedJvm.builder("BadArgumentsIT").agent("profile=test,profilingInterval=200ms," + badArgument)
                .jvmFlag("-Dheapwise.port=0").start();
    }

    /** Exactly one such line in the log, and the same text among the problems /config serves. */
    private static void assertProblemLogged(ForkedJvm child, String messageRegex) {
        String line = child.awaitLog(CONFIG_WARNING + messageRegex, ForkedJvm.START_TIMEOUT);
        long count = child.log().lines().filter(l -> Pattern.compile(CONFIG_WARNING + messageRegex).matcher(l).find()).count();
        assertEquals(1, count, "one line per problem:\n" + child.log());
        child.waitForPortFile(ForkedJvm.START_TIMEOUT);
        String message = line.substring(line.indexOf("] ") + 2);
        boolean served = false;
        for (JsonNode p : child.getJson("config").get("problems")) {
            served |= p.asText().equals(message);
        }
        assertTrue(served, "/config problems list '" + message + "'");
    }

    /** The application answers, and the agent started with the rest of its configuration. */
    private static void assertRunsOn(ForkedJvm child) {
        assertTrue(child.send("ping").get("pong").asBoolean());
        child.awaitLog("heapwise \\S+ started \\(premain\\): http://127\\.0\\.0\\.1:" + child.port() + "/v1/memory",
                ForkedJvm.START_TIMEOUT);
        assertEquals(200, child.get("status").status());
    }
}
