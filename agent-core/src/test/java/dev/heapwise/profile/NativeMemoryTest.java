package dev.heapwise.profile;

import dev.heapwise.vm.HeapRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class NativeMemoryTest {
    private static final long MB = 1L << 20;

    @TempDir
    Path dir;

    @Test
    void theHeapsResidentPagesAndTheJvmsPoolsAreSetApart() throws Exception {
        NativeMemoryFiles files = new NativeMemoryFiles(dir, 256 * MB, 40 * MB);
        files.write(500 * MB, 180 * MB);
        NativeMemory reader = files.reader(() -> new HeapRange(0xe0000000L, 0x100000000L));
        assertThat(reader.unavailable()).isNull();
        NativeMemory.Reading r = reader.read();
        assertThat(r.heapResidentBytes()).isEqualTo(180 * MB);
        assertThat(r.anonRssBytes()).isEqualTo(500 * MB);
        assertThat(r.nonHeapCommittedBytes()).isEqualTo(40 * MB);
        assertThat(r.nativeBytes()).isEqualTo(500 * MB - 180 * MB - 40 * MB);
    }

    @Test
    void metaspaceGivenBackByAnUnloadingIsNotReadAsNativeGrowth() throws Exception {
        // measured on JDK 25 G1, a script engine's hidden classes: at an unloading, 10 MB less committed in the
        // non-heap pools and 5 MB less resident; then the pools refill from the free lists as classes are defined
        NativeMemoryFiles files = new NativeMemoryFiles(dir, 47 * MB, 55 * MB);
        NativeMemory reader = files.reader(() -> new HeapRange(0xe0000000L, 0x100000000L));
        files.write(150 * MB, 40 * MB);
        long before = reader.read().nativeBytes();
        files.nonHeapCommitted(45 * MB);
        files.write(145 * MB, 40 * MB);
        assertThat(reader.read().nativeBytes()).isLessThanOrEqualTo(before);
        files.nonHeapCommitted(55 * MB);
        files.write(150 * MB, 40 * MB);
        assertThat(reader.read().nativeBytes()).isEqualTo(before);
        files.nonHeapCommitted(60 * MB); // above the peak: counted as it grows
        files.write(155 * MB, 40 * MB);
        assertThat(reader.read()).satisfies(r -> {
            assertThat(r.nativeBytes()).isEqualTo(before);
            assertThat(r.nonHeapCommittedBytes()).isEqualTo(60 * MB);
        });
    }

    @Test
    void aMappingMergedAcrossTheHeapsEndCountsWithItsShareInside() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("smaps"), "e0000000-e8000000 rw-p 00000000 00:00 0\nRss:  65536 kB\n"
                + "ffc00000-100400000 rw-p 00000000 00:00 0\nSize: 8192 kB\nRss:  8192 kB\n"
                + "7f0000000000-7f0000400000 rw-p 00000000 00:00 0\nRss:  4096 kB\n");
        NativeMemory reader = new NativeMemoryFiles(dir, 256 * MB, 40 * MB).reader(() -> null);
        // 128 MB wholly inside, half of the 8 MB straddling the end, nothing of the arena outside
        assertThat(reader.residentIn(new HeapRange(0xe0000000L, 0x100000000L))).isEqualTo(64 * MB + 4 * MB);
    }

    @Test
    void thisProcessReadsSensibly() throws Exception {
        NativeMemory reader = new NativeMemory(HeapRange::ofThisJvm, ManagementFactory.getMemoryMXBean(),
                ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class));
        if (reader.unavailable() != null) {
            return; // not Linux, or a collector without a range
        }
        byte[][] touched = new byte[32][];
        for (int i = 0; i < touched.length; i++) {
            touched[i] = new byte[1 << 20];
        }
        NativeMemory.Reading r = reader.read();
        assertThat(r.heapResidentBytes()).isGreaterThanOrEqualTo(32 * MB);
        assertThat(r.nativeBytes()).isPositive().isLessThan(r.anonRssBytes());
        assertThat(touched.length).isEqualTo(32); // kept reachable until after the reading
    }
}
