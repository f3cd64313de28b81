package dev.heapwise.util;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class OwnedFilesTest {
    @TempDir
    Path dir;

    @Test
    void removesTheFileOnlyWhileItHoldsWhatThisJvmWrote() throws Exception {
        Path ours = Files.writeString(dir.resolve("port"), "40123\n");
        OwnedFiles.deleteIfStillOurs(ours, "40123");
        assertThat(ours).doesNotExist();

        Path rewritten = Files.writeString(dir.resolve("port2"), "40999\n");
        OwnedFiles.deleteIfStillOurs(rewritten, "40123");
        assertThat(rewritten).as("another JVM's port since").hasContent("40999\n");

        OwnedFiles.deleteIfStillOurs(dir.resolve("missing"), "40123");
        OwnedFiles.deleteIfStillOurs(dir, "40123");
        assertThat(dir).exists();
    }
}
