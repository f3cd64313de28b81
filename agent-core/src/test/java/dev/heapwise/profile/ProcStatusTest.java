package dev.heapwise.profile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ProcStatusTest {
    @Test
    void readsTheKernelsFormat(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("status");
        Files.writeString(f, "Name:\tjava\nVmPeak:\t 9000000 kB\nVmSize:\t 8000000 kB\nVmHWM:\t  377304 kB\n"
                + "VmRSS:\t  365456 kB\nRssAnon:\t  330632 kB\nRssFile:\t   34824 kB\nRssShmem:\t       0 kB\n"
                + "VmSwap:\t       0 kB\nThreads:\t25\n");
        MemoryProfile.ProcessMemory m = new ProcStatus(f).read();
        assertThat(m.available()).isTrue();
        assertThat(m.rssBytes()).isEqualTo(365456L * 1024);
        assertThat(m.peakRssBytes()).isEqualTo(377304L * 1024);
        assertThat(m.vmSizeBytes()).isEqualTo(8000000L * 1024);
        assertThat(m.rssAnonBytes() + m.rssFileBytes() + m.rssShmemBytes()).isEqualTo(m.rssBytes());
    }

    @Test
    void unavailableWhenMissingOrWithoutRss(@TempDir Path dir) throws Exception {
        assertThat(new ProcStatus(dir.resolve("nope")).read().available()).isFalse();
        Path f = dir.resolve("status");
        Files.writeString(f, "Name:\tjava\n");
        MemoryProfile.ProcessMemory m = new ProcStatus(f).read();
        assertThat(m.available()).isFalse();
        assertThat(m.rssBytes()).isNull();
    }

    @Test
    void thisProcessOnLinux() {
        MemoryProfile.ProcessMemory m = new ProcStatus().read();
        if (Files.exists(Path.of("/proc/self/status"))) {
            assertThat(m.available()).isTrue();
            assertThat(m.rssBytes()).isGreaterThan(10L << 20);
        } else {
            assertThat(m.available()).isFalse();
        }
    }
}
