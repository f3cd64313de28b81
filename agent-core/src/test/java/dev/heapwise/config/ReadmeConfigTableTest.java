package dev.heapwise.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's configuration table lists every key the agent knows: the table users read stays true. */
class ReadmeConfigTableTest {
    @Test
    void everyKeyHasARow() throws Exception {
        Path readme = Path.of("..", "README.md");
        assertThat(readme).exists();
        String text = Files.readString(readme);
        for (ConfigKey<?> key : ConfigKeys.all()) {
            assertThat(text).as("README row for %s", key.name()).contains("| `" + key.name() + "` |");
        }
    }
}
