package dev.heapwise.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A memory cgroup of the test's own, for children that must live under a real memory limit: made
 * under the test JVM's own memory cgroup (v1 or v2), removed on close after its processes are moved
 * back out. Needs root and a writable cgroup hierarchy; {@link #create} returns null (with the
 * reason in {@link #unavailable}) where there is none.
 */
final class MemoryCgroup implements AutoCloseable {
    static String unavailable;

    private final Path dir;
    private final Path parent;
    private final boolean v2;

    private MemoryCgroup(Path dir, Path parent, boolean v2) {
        this.dir = dir;
        this.parent = parent;
        this.v2 = v2;
    }

    static MemoryCgroup create(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
                String[] parts = line.split(":", 3);
                if (parts.length < 3) {
                    continue;
                }
                boolean v1 = List.of(parts[1].split(",")).contains("memory");
                boolean v2 = parts[0].equals("0") && parts[1].isEmpty()
                        && Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"))
                        && Files.readString(Path.of("/sys/fs/cgroup/cgroup.controllers")).contains("memory");
                if (!v1 && !v2) {
                    continue;
                }
                Path root = v1 ? Path.of("/sys/fs/cgroup/memory") : Path.of("/sys/fs/cgroup");
                Path parent = root.resolve(parts[2].substring(1));
                if (!Files.isDirectory(parent)) {
                    parent = root;
                }
                Path dir = parent.resolve(name + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
                Files.createDirectory(dir);
                return new MemoryCgroup(dir, parent, !v1);
            }
            unavailable = "no memory cgroup controller in /proc/self/cgroup";
        } catch (IOException | RuntimeException e) {
            unavailable = "cannot make a memory cgroup (" + e + "): needs root and a writable cgroup hierarchy";
        }
        return null;
    }

    void limit(long bytes) throws IOException {
        Files.writeString(dir.resolve(v2 ? "memory.max" : "memory.limit_in_bytes"), String.valueOf(bytes));
    }

    /** Memory charged to the cgroup now. */
    long usage() throws IOException {
        return Long.parseLong(Files.readString(dir.resolve(v2 ? "memory.current" : "memory.usage_in_bytes")).trim());
    }

    void add(long pid) throws IOException {
        Files.writeString(dir.resolve("cgroup.procs"), String.valueOf(pid));
    }

    @Override
    public void close() {
        try {
            for (String pid : Files.readAllLines(dir.resolve("cgroup.procs"))) {
                if (!pid.isBlank()) {
                    Files.writeString(parent.resolve("cgroup.procs"), pid.trim());
                }
            }
            Files.delete(dir);
        } catch (IOException | RuntimeException e) {
            System.err.println("could not remove the test cgroup " + dir + ": " + e);
        }
    }
}
