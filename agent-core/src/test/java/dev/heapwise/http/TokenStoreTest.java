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
    void configuredTokenHasNoFile() {
        TokenStore s = TokenStore.configured("abc");
        assertThat(s.token()).isEqualTo("abc");
        assertThat(s.file()).isNull();
    }
}
