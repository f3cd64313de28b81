package dev.heapwise.profile;

import dev.heapwise.vm.HeapRange;

import java.io.BufferedReader;
import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * The process's native memory outside everything the JVM accounts for: anonymous resident memory
 * ({@code RssAnon}: file mappings such as jars and mapped buffers are file-backed, ZGC's heap is shared
 * memory, neither counts) less the heap's own resident pages (summed from {@code /proc/self/smaps}
 * over the heap's reserved range, so a heap whose committed pages are only now being touched does not
 * read as native growth), the JVM's non-heap pools (metaspace, class space, code cache; the most they
 * have had committed so far, see {@link #read}) and direct buffers. What remains: thread stacks, GC and
 * JIT structures, native libraries and whatever JNI code or the JDK's own native parts (zip, crypto) malloc.
 *
 * <p>Reading smaps takes 10-20 ms for a JVM's ~200 mappings, so the leak pattern reads it once per
 * {@code leakSampleInterval}, not more.
 */
public final class NativeMemory {
    private final Path status;
    private final Path smaps;
    private final Supplier<HeapRange> heapRange;
    private final MemoryMXBean memory;
    private final List<BufferPoolMXBean> bufferPools;
    private HeapRange range;
    private boolean rangeRead;
    /** Set once the figures were found readable: that does not change for the JVM's life, so it is not asked again. */
    private boolean available;
    private long nonHeapPeak;

    public NativeMemory(Supplier<HeapRange> heapRange, MemoryMXBean memory, List<BufferPoolMXBean> bufferPools) {
        this(Path.of("/proc/self/status"), Path.of("/proc/self/smaps"), heapRange, memory, bufferPools);
    }

    NativeMemory(Path status, Path smaps, Supplier<HeapRange> heapRange, MemoryMXBean memory, List<BufferPoolMXBean> bufferPools) {
        this.status = status;
        this.smaps = smaps;
        this.heapRange = heapRange;
        this.memory = memory;
        this.bufferPools = List.copyOf(bufferPools);
    }

    /**
     * One reading.
     *
     * @param nativeBytes      anonymous RSS not explained by the heap, the non-heap pools or direct buffers
     * @param heapResidentBytes the heap's resident pages (0 when the heap is shared memory, as under ZGC)
     * @param nonHeapCommittedBytes the most the non-heap pools have had committed so far
     */
    public record Reading(long nativeBytes, long anonRssBytes, long heapResidentBytes, long heapCommittedBytes,
                          long nonHeapCommittedBytes, long directBytes) {
    }

    /**
     * Null, with {@link #unavailable()} saying why, where the figures cannot be had. The non-heap pools count
     * at the most they have had committed so far, not at what they have now: when a marking unloads classes,
     * metaspace's committed figure falls at once, while much of the memory stays resident in the JVM's free
     * lists for the classes defined next (measured on JDK 25 G1 under a script engine's hidden classes: 10 MB
     * less committed at an unloading, 5 MB less resident), and each unloading would raise what is left by the
     * difference, a staircase read as a native leak.
     */
    public synchronized Reading read() throws IOException {
        if (unavailable() != null) {
            return null;
        }
        MemoryProfile.ProcessMemory p = new ProcStatus(status).read();
        if (!p.available() || p.rssAnonBytes() == null) {
            return null;
        }
        long heapResident = range == null ? 0 : residentIn(range);
        nonHeapPeak = Math.max(nonHeapPeak, memory.getNonHeapMemoryUsage().getCommitted());
        long nonHeap = nonHeapPeak;
        long direct = 0;
        for (BufferPoolMXBean b : bufferPools) {
            if (b.getName().equals("direct")) {
                direct += Math.max(0, b.getMemoryUsed());
            }
        }
        long anon = p.rssAnonBytes();
        return new Reading(Math.max(0, anon - heapResident - nonHeap - direct), anon, heapResident,
                Math.max(0, memory.getHeapMemoryUsage().getCommitted()), nonHeap, direct);
    }

    /** Why native memory cannot be told apart here, or null when it can. */
    public String unavailable() {
        if (available) {
            return null;
        }
        if (!Files.isReadable(status) || !Files.isReadable(smaps)) {
            return "no /proc/self/status and /proc/self/smaps (not Linux)";
        }
        if (!rangeRead) {
            range = heapRange.get();
            rangeRead = true;
        }
        if (range == null && !heapIsSharedMemory()) {
            // asked again next time: a shared-memory heap may not be touched enough yet to show as one
            return "GC.heap_info names no heap address range for this collector, so the heap's resident pages cannot be set apart";
        }
        available = true;
        return null;
    }

    /** ZGC maps its heap from shared memory: outside RssAnon, nothing to subtract. */
    private boolean heapIsSharedMemory() {
        MemoryProfile.ProcessMemory p = new ProcStatus(status).read();
        long heapCommitted = memory.getHeapMemoryUsage().getCommitted();
        return p.available() && p.rssShmemBytes() != null && heapCommitted > 0 && p.rssShmemBytes() >= heapCommitted / 4;
    }

    /**
     * Resident bytes of the mappings in the range, from smaps' header lines and their {@code Rss:} lines. A
     * mapping that straddles an end of the range (the kernel merges adjacent anonymous mappings alike in
     * protection, such as the heap's top region and the compressed class space reserved right after it)
     * counts with the share of it inside, as if its resident pages were spread evenly.
     */
    long residentIn(HeapRange r) throws IOException {
        double total = 0;
        double share = 0;
        try (BufferedReader in = Files.newBufferedReader(smaps, StandardCharsets.US_ASCII)) {
            String line;
            while ((line = in.readLine()) != null) {
                int dash = line.indexOf('-');
                int space = line.indexOf(' ');
                if (dash > 0 && space > dash && isHex(line, 0, dash)) {
                    long from = Long.parseUnsignedLong(line, 0, dash, 16);
                    long to = Long.parseUnsignedLong(line, dash + 1, space, 16);
                    long overlap = Math.min(to, r.end()) - Math.max(from, r.start());
                    share = overlap <= 0 || to <= from ? 0 : (double) overlap / (to - from);
                } else if (share > 0 && line.startsWith("Rss:")) {
                    total += share * kilobytes(line) * 1024;
                }
            }
        }
        return Math.round(total);
    }

    private static boolean isHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static long kilobytes(String line) {
        int i = 4;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        int j = i;
        while (j < line.length() && Character.isDigit(line.charAt(j))) {
            j++;
        }
        return j > i ? Long.parseLong(line, i, j, 10) : 0;
    }
}
