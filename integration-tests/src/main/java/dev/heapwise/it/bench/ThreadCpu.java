package dev.heapwise.it.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A child JVM's CPU so far, per kind of thread, read from /proc/PID/task/TID/stat: where a contender's
 * cost goes when the whole process competes for the machine's cores (its own threads, the JIT compiling
 * its code, the JVM's service threads building GC notifications for its listener) and what is left for
 * the application and its collector. Thread names are the kernel's, cut to 15 characters.
 */
final class ThreadCpu {
    /** The groups in the order they are printed. */
    static final List<String> GROUPS = List.of("application", "gc-vm", "jit", "jvm-service", "heapwise");

    private ThreadCpu() {
    }

    /** CPU milliseconds per group (user plus system), or an empty map when the process is gone. */
    static Map<String, Long> read(long pid) {
        Map<String, Long> ms = new LinkedHashMap<>();
        GROUPS.forEach(g -> ms.put(g, 0L));
        long tickMs = 10; // USER_HZ is 100 on Linux
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException gone) {
                    continue; // the thread ended while we listed
                }
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                String[] rest = stat.substring(close + 2).split(" ");
                // after the name: state is field 3 (rest[0]); utime and stime are fields 14 and 15
                long ticks = Long.parseLong(rest[11]) + Long.parseLong(rest[12]);
                ms.merge(group(stat.substring(open + 1, close)), ticks * tickMs, Long::sum);
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return ms;
    }

    static String group(String name) {
        if (name.startsWith("heapwise")) {
            return "heapwise";
        }
        if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
            return "jit";
        }
        if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.equals("VM Thread") || name.startsWith("Z")) {
            return "gc-vm";
        }
        if (name.startsWith("Notification") || name.startsWith("Service Thread")) {
            return "jvm-service";
        }
        return "application";
    }
}
