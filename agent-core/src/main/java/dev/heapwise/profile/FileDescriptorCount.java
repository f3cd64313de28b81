package dev.heapwise.profile;

import com.sun.management.UnixOperatingSystemMXBean;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.function.Supplier;

/**
 * The process's open file descriptors and its limit on them, from the JVM's own operating-system bean (on
 * Linux it counts {@code /proc/self/fd}). "Too many open files" fails every accept, connection and file the
 * application opens, so the share of the limit is worth a figure and an alert of its own.
 */
public final class FileDescriptorCount implements Supplier<MemoryProfile.FileDescriptors> {
    private final OperatingSystemMXBean os;

    FileDescriptorCount(OperatingSystemMXBean os) {
        this.os = os;
    }

    public static FileDescriptorCount ofThisJvm() {
        return new FileDescriptorCount(ManagementFactory.getOperatingSystemMXBean());
    }

    @Override
    public MemoryProfile.FileDescriptors get() {
        if (!(os instanceof UnixOperatingSystemMXBean unix)) {
            return MemoryProfile.FileDescriptors.UNKNOWN;
        }
        long open = unix.getOpenFileDescriptorCount();
        return new MemoryProfile.FileDescriptors(open < 0 ? null : open, max());
    }

    /** The limit alone (no count of the open ones), null where unknown. */
    public Long max() {
        long max = os instanceof UnixOperatingSystemMXBean unix ? unix.getMaxFileDescriptorCount() : -1;
        return max <= 0 ? null : max;
    }
}
