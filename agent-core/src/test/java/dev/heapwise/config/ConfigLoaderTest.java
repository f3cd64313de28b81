package dev.heapwise.config;

import dev.heapwise.log.LogLevel;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigLoaderTest {

    private static AgentConfig load(String args, Map<String, String> env, Map<String, String> props,
                                    ConfigLoader.FileReader files) {
        return ConfigLoader.load(args, env, props, files, null);
    }

    private static AgentConfig load(String args) {
        return load(args, Map.of(), Map.of(), p -> {
            throw new NoSuchFileException(p);
        });
    }

    @Test
    void defaultsAreTheProdProfile() {
        AgentConfig c = load(null);
        assertThat(c.profile()).isEqualTo(Profile.PROD);
        assertThat(c.get(ConfigKeys.PORT)).isEqualTo(7171);
        assertThat(c.get(ConfigKeys.HOST)).isEqualTo("127.0.0.1");
        assertThat(c.get(ConfigKeys.PROFILING_INTERVAL)).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.get(ConfigKeys.SUMMARY_INTERVAL)).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.problems()).isEmpty();
    }

    @Test
    void argumentsParseDurationsSizesAndProfiles() {
        AgentConfig c = load("profile=test, port=0,profilingInterval=500ms,summaryInterval=0,historySize=10,logLevel=warn");
        assertThat(c.profile()).isEqualTo(Profile.TEST);
        assertThat(c.get(ConfigKeys.PORT)).isZero();
        assertThat(c.get(ConfigKeys.PROFILING_INTERVAL)).isEqualTo(Duration.ofMillis(500));
        assertThat(c.get(ConfigKeys.SUMMARY_INTERVAL)).isEqualTo(Duration.ZERO);
        assertThat(c.get(ConfigKeys.HISTORY_SIZE)).isEqualTo(10);
        assertThat(c.get(ConfigKeys.LOG_LEVEL)).isEqualTo(LogLevel.WARN);
        assertThat(c.sourceOf(ConfigKeys.PORT)).isEqualTo(ConfigSource.ARGUMENT);
        assertThat(c.problems()).isEmpty();
    }

    @Test
    void profileChangesDefaultsButNotExplicitValues() {
        AgentConfig c = load("profile=dev,historySize=5");
        assertThat(c.get(ConfigKeys.PROFILING_INTERVAL)).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.get(ConfigKeys.HISTORY_SIZE)).isEqualTo(5);
    }

    @Test
    void badValueIsOneLineNamingKeyValueAndWhatWasUsed() {
        AgentConfig c = load("port=abc,profilingInterval=-1s");
        assertThat(c.get(ConfigKeys.PORT)).isEqualTo(7171);
        assertThat(c.get(ConfigKeys.PROFILING_INTERVAL)).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.problems()).hasSize(2);
        assertThat(c.problems().get(0)).contains("port='abc'").contains("using 7171").doesNotContain("\n");
        assertThat(c.problems().get(1)).contains("profilingInterval='-1s'").contains("using 10s");
    }

    @Test
    void unknownKeyAndMalformedEntryAreReportedAndIgnored() {
        AgentConfig c = load("bogus=1,justaword,port=0");
        assertThat(c.get(ConfigKeys.PORT)).isZero();
        assertThat(c.problems()).anySatisfy(p -> assertThat(p).contains("unknown configuration key 'bogus'"));
        assertThat(c.problems()).anySatisfy(p -> assertThat(p).contains("'justaword' ignored"));
    }

    @Test
    void precedenceIsArgumentsThenPropertiesThenEnvironmentThenFile() {
        Map<String, String> env = Map.of("HEAPWISE_PORT", "3", "HEAPWISE_HISTORY_SIZE", "30", "HEAPWISE_HTTP_THREADS", "3",
                "HEAPWISE_CONFIG", "/etc/heapwise.json", "PATH", "/bin");
        Map<String, String> props = Map.of("heapwise.port", "2", "heapwise.historySize", "20", "java.home", "/x");
        ConfigLoader.FileReader file = p -> "{\"port\": 4, \"historySize\": 40, \"httpThreads\": 4, \"gcHistorySize\": 44}";
        AgentConfig c = load("port=1", env, props, file);
        assertThat(c.get(ConfigKeys.PORT)).isEqualTo(1);
        assertThat(c.get(ConfigKeys.HISTORY_SIZE)).isEqualTo(20);
        assertThat(c.get(ConfigKeys.HTTP_THREADS)).isEqualTo(3);
        assertThat(c.get(ConfigKeys.GC_HISTORY_SIZE)).isEqualTo(44);
        assertThat(c.sourceOf(ConfigKeys.GC_HISTORY_SIZE)).isEqualTo(ConfigSource.FILE);
        assertThat(c.sourceOf(ConfigKeys.HTTP_THREADS)).isEqualTo(ConfigSource.ENVIRONMENT);
        assertThat(c.sourceOf(ConfigKeys.HISTORY_SIZE)).isEqualTo(ConfigSource.SYSTEM_PROPERTY);
        assertThat(c.problems()).isEmpty();
    }

    @Test
    void profileFromTheFileSetsTheDefaults() {
        AgentConfig c = load("config=/x.json", Map.of(), Map.of(), p -> "{\"profile\": \"test\"}");
        assertThat(c.profile()).isEqualTo(Profile.TEST);
        assertThat(c.get(ConfigKeys.PROFILING_INTERVAL)).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.sourceOf(ConfigKeys.PROFILE)).isEqualTo(ConfigSource.FILE);
    }

    @Test
    void missingFileIsReportedAndTheRestApplies() {
        AgentConfig c = load("config=/nowhere.json,port=0");
        assertThat(c.get(ConfigKeys.PORT)).isZero();
        assertThat(c.problems()).singleElement().asString()
                .contains("config file '/nowhere.json' could not be read").contains("continuing without it");
    }

    @Test
    void malformedFileIsReported() {
        AgentConfig c = load("config=/bad.json", Map.of(), Map.of(), p -> "{\"port\": ");
        assertThat(c.get(ConfigKeys.PORT)).isEqualTo(7171);
        assertThat(c.problems()).singleElement().asString().contains("is not valid JSON").doesNotContain("\n");
    }

    @Test
    void aFileWithTrailingContentOrADuplicateKeyIsRejectedInPlainWords() {
        AgentConfig trailing = load("config=/bad.json", Map.of(), Map.of(), p -> "{\"port\": 0}\n{\"port\": 1}");
        assertThat(trailing.get(ConfigKeys.PORT)).isEqualTo(7171);
        assertThat(trailing.problems()).singleElement().asString()
                .isEqualTo("config file '/bad.json' is not valid JSON (at line 2, column 1: more content after the JSON value);"
                        + " continuing without it");
        AgentConfig duplicate = load("config=/bad.json", Map.of(), Map.of(), p -> "{\"port\": 0, \"port\": 1}");
        assertThat(duplicate.problems()).singleElement().asString().contains("Duplicate field 'port'")
                .doesNotContain("`", "Source", "Feature", "jackson");
    }

    @Test
    void fileThatIsNotAnObjectOrHasNestedValuesIsReported() {
        assertThat(load("config=/a.json", Map.of(), Map.of(), p -> "[1,2]").problems())
                .singleElement().asString().contains("must hold a JSON object");
        AgentConfig c = load("config=/b.json", Map.of(), Map.of(), p -> "{\"port\": {\"x\": 1}, \"historySize\": 9}");
        assertThat(c.get(ConfigKeys.HISTORY_SIZE)).isEqualTo(9);
        assertThat(c.problems()).singleElement().asString().contains("'port' must have a string, number or boolean");
    }

    @Test
    void duplicateKeysInTheFileAreRejected() {
        AgentConfig c = load("config=/d.json", Map.of(), Map.of(), p -> "{\"port\": 1, \"port\": 2}");
        assertThat(c.problems()).singleElement().asString().contains("not valid JSON");
    }

    @Test
    void unknownEnvironmentVariableIsReported() {
        AgentConfig c = load(null, Map.of("HEAPWISE_NOPE", "1"), Map.of(), p -> "");
        assertThat(c.problems()).singleElement().asString().contains("HEAPWISE_NOPE");
    }

    @Test
    void badProfileFallsBackToProd() {
        AgentConfig c = load("profile=staging");
        assertThat(c.profile()).isEqualTo(Profile.PROD);
        assertThat(c.problems()).singleElement().asString().contains("profile='staging'").contains("using prod");
    }

    @Test
    void tokenIsRedactedInTheDescriptionAndInProblems() {
        AgentConfig c = load("token=s3cret");
        assertThat(c.describe().get("token").get("value")).isEqualTo("<redacted>");
        assertThat(c.describe().toString()).doesNotContain("s3cret");
        assertThat(c.describe().get("portFile").get("value")).isNull();
    }

    @Test
    void everyKeyHasADescriptionAndEnvironmentName() {
        for (ConfigKey<?> k : ConfigKeys.all()) {
            assertThat(k.description()).isNotBlank();
            assertThat(k.environmentName()).matches("HEAPWISE_[A-Z_]+");
        }
        assertThat(ConfigKeys.PROFILING_INTERVAL.environmentName()).isEqualTo("HEAPWISE_PROFILING_INTERVAL");
    }

    @Test
    void readerFailureOtherThanMissingIsReported() {
        AgentConfig c = load("config=/locked.json", Map.of(), Map.of(), p -> {
            throw new IOException("Permission denied");
        });
        assertThat(c.problems()).singleElement().asString().contains("Permission denied");
    }
}
