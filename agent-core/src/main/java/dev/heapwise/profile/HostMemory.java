package dev.heapwise.profile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The memory this JVM shares with its neighbours and the limit on it: the tightest memory cgroup the
 * process is in (v1 or v2, limits are inherited, so every ancestor is read) or, where none limits it,
 * the machine. "Used" is the working set the kernel would not give back without reclaim (cgroup usage
 * less its inactive file pages; the machine's total less MemAvailable), so a page cache full of old
 * log files does not read as pressure. Read afresh on every call: a container's limit can change.
 */
public final class HostMemory {
    /** cgroup v1 reports "no limit" as a page-rounded Long.MAX_VALUE; anything this large is no limit. */
    private static final long NO_LIMIT = 1L << 60;

    private final Path proc;
    private final Path sysCgroup;

    public HostMemory() {
        this(Path.of("/proc"), Path.of("/sys/fs/cgroup"));
    }

    /** For tests: a fake /proc and /sys/fs/cgroup. */
    HostMemory(Path proc, Path sysCgroup) {
        this.proc = proc;
        this.sysCgroup = sysCgroup;
    }

    /**
     * What limits this process's memory, how much of it is in use, and where the figures came from; for a
     * cgroup also its anonymous memory (all its processes' heaps and stacks, no page cache), null elsewhere.
     */
    public record Reading(long limitBytes, long usedBytes, String source, Long anonBytes) {
        public Reading(long limitBytes, long usedBytes, String source) {
            this(limitBytes, usedBytes, source, null);
        }

        /** Used as a share of the limit, 0..1 (or above, briefly, when the kernel is reclaiming). */
        public double pressure() {
            return limitBytes <= 0 ? 0 : usedBytes / (double) limitBytes;
        }
    }

    /** The tightest of the cgroup limit and the machine; null where neither can be read (not Linux). */
    public Reading read() {
        Reading machine = machine();
        Reading cgroup = cgroup(machine == null ? Long.MAX_VALUE : machine.limitBytes());
        if (cgroup != null && (machine == null || cgroup.limitBytes() < machine.limitBytes())) {
            return cgroup;
        }
        return machine;
    }

    Reading machine() {
        List<String> lines = lines(proc.resolve("meminfo"));
        if (lines == null) {
            return null;
        }
        long total = kilobytesField(lines, "MemTotal");
        long available = kilobytesField(lines, "MemAvailable");
        if (total <= 0 || available < 0) {
            return null;
        }
        return new Reading(total, Math.max(0, total - available), "machine (/proc/meminfo)");
    }

    /** The memory cgroup with the lowest limit among this process's cgroup and its ancestors, or null. */
    Reading cgroup(long machineLimit) {
        List<String> membership = lines(proc.resolve("self/cgroup"));
        if (membership == null) {
            return null;
        }
        Reading best = null;
        for (String line : membership) {
            // hierarchy-id:controllers:path; v2 is "0::/path", v1 memory is "N:memory:/path" (maybe "memory,..." joined)
            String[] parts = line.split(":", 3);
            if (parts.length < 3) {
                continue;
            }
            boolean v2 = parts[0].equals("0") && parts[1].isEmpty();
            boolean v1 = List.of(parts[1].split(",")).contains("memory");
            if (!v1 && !v2) {
                continue;
            }
            Path base = v2 ? sysCgroup : sysCgroup.resolve("memory");
            if (v2 && !Files.exists(base.resolve("cgroup.controllers"))) {
                continue; // a v2 line on a host whose v2 hierarchy is not mounted here (hybrid)
            }
            Reading r = tightest(base, parts[2], v2, machineLimit);
            if (r != null && (best == null || r.limitBytes() < best.limitBytes())) {
                best = r;
            }
        }
        return best;
    }

    private Reading tightest(Path base, String cgroupPath, boolean v2, long machineLimit) {
        // inside a container the hierarchy is often mounted at the container's own cgroup while
        // /proc/self/cgroup names the host's path: try the path, then ever shorter suffixes of it
        String rel = cgroupPath.startsWith("/") ? cgroupPath.substring(1) : cgroupPath;
        Path dir = null;
        String[] segs = rel.isEmpty() ? new String[0] : rel.split("/");
        for (int skip = 0; skip <= segs.length; skip++) {
            Path candidate = base;
            for (int i = skip; i < segs.length; i++) {
                candidate = candidate.resolve(segs[i]);
            }
            if (Files.isDirectory(candidate)) {
                dir = candidate;
                break;
            }
        }
        if (dir == null) {
            return null;
        }
        Reading best = null;
        for (Path d = dir; d != null && d.startsWith(base); d = d.getParent()) {
            Long limit = number(d.resolve(v2 ? "memory.max" : "memory.limit_in_bytes"));
            if (limit == null || limit <= 0 || limit >= NO_LIMIT || limit >= machineLimit) {
                continue;
            }
            Long usage = number(d.resolve(v2 ? "memory.current" : "memory.usage_in_bytes"));
            if (usage == null) {
                continue;
            }
            List<String> stat = lines(d.resolve("memory.stat"));
            long inactiveFile = stat == null ? 0 : Math.max(0, spaceField(stat, v2 ? "inactive_file" : "total_inactive_file"));
            long anon = stat == null ? -1 : spaceField(stat, v2 ? "anon" : "total_rss");
            Reading r = new Reading(limit, Math.max(0, usage - inactiveFile),
                    "cgroup " + (v2 ? "v2 " : "v1 ") + "/" + base.relativize(d).toString().replace('\\', '/'), anon < 0 ? null : anon);
            if (best == null || r.limitBytes() < best.limitBytes()) {
                best = r;
            }
        }
        return best;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** A file holding one number; "max" (v2's no limit) and anything unreadable are null. */
    private static Long number(Path file) {
        List<String> l = lines(file);
        if (l == null || l.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(l.get(0).trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** "MemTotal:       24563820 kB" in bytes, or -1. */
    private static long kilobytesField(List<String> lines, String name) {
        for (String line : lines) {
            if (line.startsWith(name + ":")) {
                String[] f = line.substring(name.length() + 1).trim().split("\\s+");
                try {
                    return Long.parseLong(f[0]) * 1024;
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    /** "inactive_file 12345" from memory.stat, or -1. */
    private static long spaceField(List<String> lines, String name) {
        for (String line : lines) {
            if (line.startsWith(name + " ")) {
                try {
                    return Long.parseLong(line.substring(name.length() + 1).trim());
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }
}
