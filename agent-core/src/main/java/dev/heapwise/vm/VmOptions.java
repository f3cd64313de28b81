package dev.heapwise.vm;

import com.sun.management.HotSpotDiagnosticMXBean;

import java.lang.management.ManagementFactory;

/** Reads the JVM's options through {@code HotSpotDiagnosticMXBean}. */
public final class VmOptions {
    private VmOptions() {
    }

    /** A numeric option's value, or null where the JVM has no such option or it is not a number. */
    public static Long number(String name) {
        try {
            return Long.parseLong(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption(name).getValue());
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The direct memory limit: MaxDirectMemorySize, or the max heap where that is 0 (the JVM's own rule). */
    public static long maxDirectMemory() {
        Long v = number("MaxDirectMemorySize");
        if (v == null) {
            return -1;
        }
        long max = Runtime.getRuntime().maxMemory();
        return v > 0 ? v : max == Long.MAX_VALUE ? -1 : max;
    }
}
