package dev.heapwise.instrument;

import com.sun.management.HotSpotDiagnosticMXBean;

import java.lang.management.ManagementFactory;

/**
 * Object and array header sizes and the reference width of the running VM, read from its flags:
 * compressed class pointers give a 12-byte header (16 without; 8 with JDK 24+'s compact headers),
 * compressed oops give 4-byte references (8 without, as above 32 GB heaps).
 */
public record ObjectLayout(int objectHeader, int arrayBase, int referenceShift) {

    public static ObjectLayout ofThisVm() {
        boolean compressedOops = flag("UseCompressedOops", true);
        boolean compressedClass = flag("UseCompressedClassPointers", true);
        boolean compactHeaders = flag("UseCompactObjectHeaders", false);
        int header = compactHeaders ? 8 : compressedClass ? 12 : 16;
        return new ObjectLayout(header, header + 4, compressedOops ? 2 : 3);
    }

    public int referenceBytes() {
        return 1 << referenceShift;
    }

    /** An object's size from its header and the sum of its fields, aligned to 8 bytes. */
    public int instanceSize(long fieldBytes) {
        return (int) Math.max(16, (objectHeader + fieldBytes + 7) & ~7L);
    }

    private static boolean flag(String name, boolean fallback) {
        try {
            return Boolean.parseBoolean(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .getVMOption(name).getValue());
        } catch (RuntimeException e) {
            return fallback; // the flag does not exist on this VM
        }
    }
}
