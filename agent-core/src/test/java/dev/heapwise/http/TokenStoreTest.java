package dev.heapwise.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class TokenStoreTest {

    @Test
    void generatedTokenIsWrittenOwnerOnlyAndDeleted(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub/heapwise.token");
        TokenStore store = TokenStore.generate(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file).trim()).isEqualTo(store.token());
        assertThat(store.token()).hasSize(43).matches("[A-Za-z0-9_-]+");
        store.delete();
        assertThat(file).doesNotExist();
    }

    @Test
    void staleFileIsReplacedAndTokensDiffer(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("t");
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        TokenStore a = TokenStore.generate(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        TokenStore b = TokenStore.generate(dir.resolve("u"));
        assertThat(a.token()).isNotEqualTo(b.token());
    }

    @Test
    void tokenFilesOfJvmsThatAreGoneAreRemovedOthersStay(@TempDir Path dir) throws Exception {
        // a process that has ended (its pid is free now, as after an OOM kill), this JVM, and files that only look alike
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        Path gone = java.nio.file.Files.writeString(dir.resolve("heapwise-" + ended.pid() + ".token"), "t");
        Path alive = java.nio.file.Files.writeString(dir.resolve("heapwise-" + ProcessHandle.current().pid() + ".token"), "t");
        Path other = java.nio.file.Files.writeString(dir.resolve("heapwise-notapid.token"), "t");
        Path unrelated = java.nio.file.Files.writeString(dir.resolve("other-" + ended.pid() + ".token"), "t");
        assertThat(TokenStore.removeStale(dir)).isEqualTo(1);
        assertThat(gone).doesNotExist();
        assertThat(alive).exists();
        assertThat(other).exists();
        assertThat(unrelated).exists();
    }

    @Test
    void configuredTokenHasNoFile() {
        TokenStore s = TokenStore.configured("abc");
        assertThat(s.token()).isEqualTo("abc");
        assertThat(s.file()).isNull();
    }
}
