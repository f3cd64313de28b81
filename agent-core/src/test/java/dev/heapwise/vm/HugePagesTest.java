package dev.heapwise.vm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class HugePagesTest {
    @TempDir
    Path dir;

    @Test
    void theKernelsChoiceAndThisProcesssFaultsAreRead() throws Exception {
        Path mode = Files.writeString(dir.resolve("enabled"), "always [madvise] never\n");
        Path stat = Files.writeString(dir.resolve("stat"),
                "4242 (java (x)) S 1 4242 4242 0 -1 4194560 812345 0 12 0 2031 731 0 0 20 0 40 0 100 4000000 80000\n");
        HugePages hp = HugePages.read(mode, stat, false);
        assertThat(hp.kernelMode()).isEqualTo("madvise");
        assertThat(hp.minorFaults()).isEqualTo(812345L);
        assertThat(hp.systemCpuMs()).isEqualTo(7310L);
        assertThat(hp.wouldHelpToAsk()).isTrue();
        assertThat(HugePages.read(mode, stat, true).wouldHelpToAsk()).isFalse();
    }

    @Test
    void missingFilesLeaveTheFiguresUnknown() {
        HugePages hp = HugePages.read(dir.resolve("none"), dir.resolve("none"), false);
        assertThat(hp.kernelMode()).isNull();
        assertThat(hp.minorFaults()).isNull();
        assertThat(hp.wouldHelpToAsk()).isFalse();
    }

    @Test
    void thisProcessHasTakenFaults() {
        HugePages hp = HugePages.read();
        if (Files.exists(Path.of("/proc/self/stat"))) {
            assertThat(hp.minorFaults()).isPositive();
        }
    }
}
