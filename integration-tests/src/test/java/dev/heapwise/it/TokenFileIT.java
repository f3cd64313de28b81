package dev.heapwise.it;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With no token configured, the agent generates one into a file only its user can read, says where
 * in the log but never what, and removes the file when the JVM ends: its own file only, not one that
 * a newer JVM given the same path has written since.
 */
class TokenFileIT {

    @Test
    void generatedTokenIsInAnOwnerOnlyFileWhosePathNotContentIsLogged() throws Exception {
        try (ForkedJvm child = ForkedJvm.builder("TokenFileIT").agent(ForkedJvm.TEST_AGENT).start()) {
            child.waitForPortFile(ForkedJvm.START_TIMEOUT);
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(child.tokenFile()), "mode 0600");
            String token = Files.readString(child.tokenFile()).trim();
            assertTrue(token.length() >= 32, "a token of real length: " + token.length() + " chars");

            child.awaitLog("API token written to " + Pattern.quote(child.tokenFile().toString()), ForkedJvm.START_TIMEOUT);
            assertEquals(child.tokenFile().toString(), child.getJson("status").at("/server/token_file").asText());
            assertFalse(child.log().contains(token), "the log never shows the token");
            assertFalse(child.get("config").body().contains(token), "/config never shows the token");

            child.send("exit");
            assertEquals(0, child.awaitExit(Duration.ofSeconds(10)));
            assertFalse(Files.exists(child.tokenFile()), "the token file goes with the JVM");
        }
    }

    /** A restart that overlaps: the old JVM exits after the new one wrote its port and token to the same paths. */
    @Test
    void anExitingJvmLeavesTheFilesANewerJvmWroteToTheSamePaths() throws Exception {
        Path shared = Files.createTempDirectory("heapwise-shared-files");
        String files = ",portFile=" + shared.resolve("port") + ",tokenFile=" + shared.resolve("token");
        try (ForkedJvm old = ForkedJvm.builder("TokenFileIT-old").agent(ForkedJvm.TEST_AGENT + files).start()) {
            old.waitForPortFile(shared.resolve("port"), ForkedJvm.START_TIMEOUT);
            String oldPort = Files.readString(shared.resolve("port")).trim();
            try (ForkedJvm newer = ForkedJvm.builder("TokenFileIT-new").agent(ForkedJvm.TEST_AGENT + files).start()) {
                Poll.until("the newer JVM's port file", ForkedJvm.START_TIMEOUT, () -> read(shared.resolve("port")),
                        port -> !port.isEmpty() && !port.equals(oldPort));
                newer.awaitLog("API token written to", ForkedJvm.START_TIMEOUT);
                String newPort = read(shared.resolve("port"));
                String newToken = read(shared.resolve("token"));

                old.send("exit");
                assertEquals(0, old.awaitExit(Duration.ofSeconds(10)));
                assertEquals(newPort, read(shared.resolve("port")), "the newer JVM's port file stays");
                assertEquals(newToken, read(shared.resolve("token")), "the newer JVM's token file stays");

                newer.send("exit");
                assertEquals(0, newer.awaitExit(Duration.ofSeconds(10)));
                assertFalse(Files.exists(shared.resolve("port")), "and goes with that JVM");
                assertFalse(Files.exists(shared.resolve("token")));
            }
        } finally {
            Files.deleteIfExists(shared.resolve("port"));
            Files.deleteIfExists(shared.resolve("token"));
            Files.deleteIfExists(shared);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            return "";
        }
    }
}
