package dev.heapwise.http;

import dev.heapwise.util.OwnedFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The API token: the configured one, or 32 random bytes generated at start and written to a file
 * only its owner can read. The file is created with mode 0600 from the start (never written first
 * and restricted after), and replaced if a stale one is in the way.
 */
public final class TokenStore {
    private final String token;
    private final Path file;

    private TokenStore(String token, Path file) {
        this.token = token;
        this.file = file;
    }

    public static TokenStore configured(String token) {
        return new TokenStore(token, null);
    }

    /** Generates a token and writes it to {@code file}; throws IOException when the file cannot be written. */
    public static TokenStore generate(Path file) throws IOException {
        String token = randomToken();
        writeOwnerOnly(file, token);
        return new TokenStore(token, file);
    }

    /**
     * A random token kept nowhere: when the token file cannot be written, POSTs stay locked rather
     * than open.
     */
    public static TokenStore unwritten() {
        return new TokenStore(randomToken(), null);
    }

    private static String randomToken() {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    /**
     * Removes the default token files ({@code heapwise-<pid>.token}) of JVMs that are gone: a JVM the kernel's
     * OOM killer or a SIGKILL ended never ran its shutdown hook (a probe of three JVMs in one memory cgroup left
     * 13 behind). A pid that is alive keeps its file, whoever it is now; files of other users stay (the sticky
     * temporary directory refuses), and nothing here ever fails the agent's start.
     */
    public static int removeStale(Path dir) {
        int removed = 0;
        if (dir == null) {
            return 0;
        }
        try (java.nio.file.DirectoryStream<Path> files = Files.newDirectoryStream(dir, "heapwise-*.token")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                String digits = name.substring("heapwise-".length(), name.length() - ".token".length());
                if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                if (ProcessHandle.of(Long.parseLong(digits)).isEmpty() && Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    try {
                        Files.delete(f);
                        removed++;
                    } catch (IOException | RuntimeException notOurs) {
                        // another user's file, or gone already
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return removed;
        }
        return removed;
    }

    public static Path defaultFile() {
        return Path.of(System.getProperty("java.io.tmpdir"), "heapwise-" + ProcessHandle.current().pid() + ".token");
    }

    public String token() {
        return token;
    }

    /** The file holding a generated token, or null when the token was configured. */
    public Path file() {
        return file;
    }

    /** Removes the generated token file, if any, unless another JVM has written its own token there since. */
    public void delete() {
        if (file != null) {
            OwnedFiles.deleteIfStillOurs(file, token);
        }
    }

    private static void writeOwnerOnly(Path file, String token) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.deleteIfExists(file);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
            java.io.File f = file.toFile();
            f.setReadable(false, false);
            f.setWritable(false, false);
            f.setReadable(true, true);
            f.setWritable(true, true);
        }
        Files.writeString(file, token + System.lineSeparator(), StandardCharsets.UTF_8);
    }
}
