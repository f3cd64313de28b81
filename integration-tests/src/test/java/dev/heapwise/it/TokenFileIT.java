package dev.heapwise.it;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With no token configured, the agent generates one into a file only its user can read, says where
 * in the log but never what, and removes the file when the JVM ends.
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
}
