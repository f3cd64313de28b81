package dev.heapwise.vm;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The address range the Java heap is reserved at, read from {@code GC.heap_info}: G1, Parallel, Serial
 * and Shenandoah print their spaces as {@code [0xstart, ..., 0xend)}. With it, the heap's resident
 * pages can be told apart from the rest of the process's anonymous memory. ZGC prints no range; its
 * heap is shared memory, outside anonymous RSS altogether.
 */
public record HeapRange(long start, long end) {
    /** A bracketed address list: the first and the last address of each. */
    private static final Pattern RANGE = Pattern.compile("\\[(0x[0-9a-fA-F]+)(?:,\\s*0x[0-9a-fA-F]+)*,\\s*(0x[0-9a-fA-F]+)\\)");

    /** The range spanning every space in the text, or null when it names none or one that cannot be the heap. */
    public static HeapRange parse(String heapInfo, long maxHeapBytes) {
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        Matcher m = RANGE.matcher(heapInfo);
        while (m.find()) {
            lo = Math.min(lo, Long.parseUnsignedLong(m.group(1).substring(2), 16));
            hi = Math.max(hi, Long.parseUnsignedLong(m.group(2).substring(2), 16));
        }
        if (lo >= hi) {
            return null;
        }
        // the reservation is the max heap, rounded to the collector's alignment: anything else was not the heap
        long size = hi - lo;
        if (maxHeapBytes > 0 && (size < maxHeapBytes * 0.9 || size > maxHeapBytes * 1.1 + (64L << 20))) {
            return null;
        }
        return new HeapRange(lo, hi);
    }

    /** This JVM's heap range, or null where the collector prints none (ZGC) or the command fails. */
    public static HeapRange ofThisJvm() {
        try {
            long max = Runtime.getRuntime().maxMemory();
            Long flag = VmOptions.number("MaxHeapSize");
            return parse(DiagnosticCommands.heapInfo(), flag != null ? flag : max);
        } catch (Exception e) {
            return null;
        }
    }
}
