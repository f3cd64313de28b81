package dev.heapwise.vm;

import com.sun.management.HotSpotDiagnosticMXBean;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether the heap is backed by transparent huge pages, and what 4 KB pages have cost this process so
 * far. A heap given back while idle is faulted in again when busy, a page at a time: on this project's
 * 2-core VM, 3 GB took 800,000 faults and 6 s of system CPU more than a burst on a heap kept resident;
 * with 2 MB pages the same heap took 4,000 faults and the burst ran nearly twice as fast.
 *
 * @param kernelMode   the kernel's THP setting ({@code always}, {@code madvise}, {@code never}), null where unknown
 * @param jvmAsks      the JVM runs with {@code -XX:+UseTransparentHugePages} (it asks with madvise)
 * @param minorFaults  page faults this process has taken so far, null where unknown
 * @param systemCpuMs  system (kernel) CPU time this process has used so far, null where unknown
 */
public record HugePages(String kernelMode, boolean jvmAsks, Long minorFaults, Long systemCpuMs) {
    private static final Path MODE = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
    private static final Path STAT = Path.of("/proc/self/stat");

    public static HugePages read() {
        return read(MODE, STAT, flag());
    }

    static HugePages read(Path mode, Path stat, boolean jvmAsks) {
        Long faults = null;
        Long systemMs = null;
        try {
            String s = Files.readString(stat, StandardCharsets.US_ASCII);
            // after "pid (comm) ": state is field 3, minflt field 10, stime field 15 (in clock ticks, 100 a second on Linux)
            String[] f = s.substring(s.lastIndexOf(')') + 2).trim().split("\\s+");
            faults = Long.parseLong(f[7]);
            systemMs = Long.parseLong(f[12]) * 10;
        } catch (IOException | RuntimeException e) {
            // not Linux: the figures stay unknown
        }
        return new HugePages(kernelMode(mode), jvmAsks, faults, systemMs);
    }

    /** The bracketed choice of {@code always [madvise] never}, or null. */
    static String kernelMode(Path mode) {
        try {
            String s = Files.readString(mode, StandardCharsets.US_ASCII);
            int open = s.indexOf('[');
            int close = s.indexOf(']', open + 1);
            return open >= 0 && close > open ? s.substring(open + 1, close) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static boolean flag() {
        try {
            return Boolean.parseBoolean(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .getVMOption("UseTransparentHugePages").getValue());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The heap is on 4 KB pages although the kernel would give it 2 MB ones if the JVM asked. */
    public boolean wouldHelpToAsk() {
        return "madvise".equals(kernelMode) && !jvmAsks;
    }
}
