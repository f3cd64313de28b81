package dev.heapwise.util;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files the agent writes for others to read (the port file, the token file) and removes at exit. A file
 * at a configured path may have been rewritten since by another JVM given the same path (a restart that
 * overlaps the old JVM's exit), so it is removed only while it still holds what this JVM wrote: the old
 * JVM's exit must not take the new one's port or token away.
 */
public final class OwnedFiles {
    /** Bigger than anything the agent writes: a larger file is not ours. */
    private static final long MAX_OWN_SIZE = 4096;

    private OwnedFiles() {
    }

    /** Best effort, at shutdown: never throws. */
    public static void deleteIfStillOurs(Path file, String wrote) {
        try {
            if (Files.size(file) <= MAX_OWN_SIZE
                    && Files.readString(file, StandardCharsets.US_ASCII).strip().equals(wrote.strip())) {
                Files.deleteIfExists(file);
            }
        } catch (IOException | RuntimeException ignored) {
            // gone already, or unreadable: not ours to remove
        }
    }
}
