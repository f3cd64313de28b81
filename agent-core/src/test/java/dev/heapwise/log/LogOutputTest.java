package dev.heapwise.log;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LogOutputTest {
    @AfterEach
    void reset() {
        LogOutput.configure(LogLevel.INFO, "stderr");
    }

    @Test
    void slf4jReachesOurProviderAndAFileOneLinePerEvent(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("agent.log");
        assertThat(LogOutput.configure(LogLevel.INFO, file.toString())).isNull();
        Logger log = LoggerFactory.getLogger("dev.heapwise.test.Thing");
        log.info("hello {}", 42);
        log.debug("not shown");
        log.warn("failed", new IllegalStateException("boom"));
        LogOutput.close();
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches("\\d{4}-.*Z heapwise INFO  \\[test.Thing\\] hello 42");
        assertThat(lines.get(1)).endsWith("failed (java.lang.IllegalStateException: boom)");
    }

    @Test
    void debugShowsTheStackTrace(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("agent.log");
        LogOutput.configure(LogLevel.DEBUG, file.toString());
        LoggerFactory.getLogger("x").warn("failed", new IllegalStateException("boom"));
        LogOutput.close();
        assertThat(Files.readString(file)).contains("\tat ");
    }

    @Test
    void offSilencesAndUnwritableFileFallsBackToStderr(@TempDir Path dir) {
        LogOutput.configure(LogLevel.OFF, "stderr");
        assertThat(LogOutput.enabled(LogLevel.ERROR)).isFalse();
        String problem = LogOutput.configure(LogLevel.INFO, dir.resolve("no/such/dir/a.log").toString());
        assertThat(problem).contains("logging to stderr");
    }

    @Test
    void logOnceIsOnce() {
        LogOnce once = new LogOnce();
        Logger log = LoggerFactory.getLogger("x");
        assertThat(once.warn(log, "k", "m", null)).isTrue();
        assertThat(once.warn(log, "k", "m", null)).isFalse();
    }
}
