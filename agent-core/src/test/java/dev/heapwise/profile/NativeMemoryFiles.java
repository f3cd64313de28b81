package dev.heapwise.profile;

import dev.heapwise.vm.HeapRange;

import java.io.IOException;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * A fake {@code /proc/self/status} and {@code /proc/self/smaps} (one heap mapping at 0xe0000000, one
 * library mapping and one malloc arena outside it) and a memory bean, for reading native memory in tests.
 */
public final class NativeMemoryFiles {
    private final Path status;
    private final Path smaps;
    private final MemoryMXBean memory = mock(MemoryMXBean.class);
    private long nonHeapCommitted;
    private long heapCommitted;

    public NativeMemoryFiles(Path dir, long heapCommitted, long nonHeapCommitted) {
        this.status = dir.resolve("status");
        this.smaps = dir.resolve("smaps");
        this.nonHeapCommitted = nonHeapCommitted;
        committed(heapCommitted);
    }

    public void committed(long heapCommitted) {
        this.heapCommitted = heapCommitted;
        when(memory.getHeapMemoryUsage()).thenReturn(new MemoryUsage(0, heapCommitted / 2, heapCommitted, 4L << 30));
        when(memory.getNonHeapMemoryUsage()).thenReturn(new MemoryUsage(0, nonHeapCommitted, nonHeapCommitted, -1));
    }

    /** The non-heap pools' committed total from now on (metaspace falls when a marking unloads classes). */
    public void nonHeapCommitted(long bytes) {
        nonHeapCommitted = bytes;
        committed(heapCommitted);
    }

    /** Anonymous RSS in all, of which {@code heapResident} in the heap's mapping. */
    public void write(long anonRss, long heapResident) throws IOException {
        Files.writeString(status, "Name:\tjava\nVmRSS:\t" + (anonRss + (30L << 20)) / 1024 + " kB\nRssAnon:\t" + anonRss / 1024
                + " kB\nRssFile:\t" + (30L << 20) / 1024 + " kB\nRssShmem:\t0 kB\n");
        Files.writeString(smaps, mapping("e0000000-f0000000 rw-p 00000000 00:00 0", heapResident)
                + mapping("f0000000-100000000 ---p 00000000 00:00 0", 0)
                + mapping("7f0000000000-7f0000100000 r-xp 00000000 08:01 1234   /usr/lib/libz.so.1", 30L << 20)
                + mapping("7f1000000000-7f1004000000 rw-p 00000000 00:00 0", anonRss - heapResident));
    }

    private static String mapping(String header, long rss) {
        return header + "\nSize:            1024 kB\nKernelPageSize:        4 kB\nRss:        " + rss / 1024
                + " kB\nPss:        " + rss / 1024 + " kB\nVmFlags: rd wr mr mw me ac\n";
    }

    public NativeMemory reader(Supplier<HeapRange> range) {
        return new NativeMemory(status, smaps, range, memory, List.of());
    }
}
