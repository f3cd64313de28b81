package dev.heapwise.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The four sources and their order (agent arguments over system properties over environment over the
 * config file over profile defaults), seen in one child: each key is set in several sources, and
 * /config must show the winner and its source, and the agent must act on it.
 */
class ConfigSourcesIT {
    @TempDir
    static Path files;
    private static ForkedJvm child;

    @BeforeAll
    static void start() throws IOException {
        Path config = files.resolve("heapwise.json");
        Files.writeString(config, """
                {
                  "historySize": 111,
                  "gcHistorySize": 100,
                  "pauseTarget": "150ms",
                  "pauseWindow": "20s",
                  "summaryInterval": "0"
                }
                """);
        child = ForkedJvm.builder("ConfigSourcesIT")
                .agent("port=0,profile=test,historySize=444,config=" + config)
                .jvmFlag("-Dheapwise.historySize=333", "-Dheapwise.gcHistorySize=300")
                .env("HEAPWISE_HISTORY_SIZE", "222")
                .env("HEAPWISE_GC_HISTORY_SIZE", "200")
                .env("HEAPWISE_PAUSE_TARGET", "250ms")
                .env("HEAPWISE_PROFILING_INTERVAL", "300ms")
                .start();
        child.waitForPortFile(ForkedJvm.START_TIMEOUT);
    }

    @AfterAll
    static void stop() {
        if (child != null) {
            child.close();
        }
    }

    @Test
    void agentArgumentBeatsEverySource() {
        assertKey("historySize", "444", "agent argument");
        assertEquals(444, child.getJson("status").at("/self/profile_history_capacity").asInt());
        assertEquals(444, child.getJson("profile/history?limit=1").get("capacity").asInt());
    }

    @Test
    void systemPropertyBeatsEnvironmentAndFile() {
        assertKey("gcHistorySize", "300", "system property");
        assertEquals(300, child.getJson("gc/history").get("capacity").asInt());
    }

    @Test
    void environmentBeatsFile() {
        assertKey("pauseTarget", "250ms", "environment");
        assertKey("profilingInterval", "300ms", "environment");
        child.awaitLog("started \\(premain\\).*profiler every 0\\.3s", ForkedJvm.START_TIMEOUT);
    }

    @Test
    void validConfigFileValuesAreApplied() {
        assertKey("pauseWindow", "20s", "config file");
        assertEquals(20_000, child.getJson("gc/stats").at("/pauses/window_ms").asLong());
        assertKey("summaryInterval", "0s", "config file");
        assertFalse(child.getJson("status").at("/features/summary_log").asBoolean(), "summaryInterval 0 turns it off");
        assertEquals(0, child.getJson("config").get("problems").size(), child.getJson("config").get("problems").toString());
    }

    @Test
    void untouchedKeysKeepTheProfileDefault() {
        assertKey("httpThreads", "2", "profile default");
        assertKey("logLevel", "debug", "profile default");
    }

    private static void assertKey(String key, String value, String source) {
        JsonNode k = child.getJson("config").at("/keys/" + key);
        assertEquals(value, k.get("value").asText(), key + ": " + k);
        assertEquals(source, k.get("source").asText(), key + ": " + k);
    }
}
