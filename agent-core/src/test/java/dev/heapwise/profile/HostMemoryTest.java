package dev.heapwise.profile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Limits read from fake /proc and /sys/fs/cgroup trees laid out as the kernel lays them out. */
class HostMemoryTest {
    private static final long GB = 1L << 30;

    @TempDir
    Path root;

    private Path proc() throws IOException {
        Path proc = root.resolve("proc");
        Files.createDirectories(proc.resolve("self"));
        Files.writeString(proc.resolve("meminfo"), "MemTotal:       16777216 kB\nMemFree:         1000000 kB\nMemAvailable:    8388608 kB\n");
        return proc;
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void withoutACgroupLimitTheMachineIsTheLimitAndPageCacheIsNotPressure() throws IOException {
        Path proc = proc();
        Files.writeString(proc.resolve("self/cgroup"), "4:memory:/\n0::/\n");
        Path sys = root.resolve("sys");
        write(sys.resolve("memory/memory.limit_in_bytes"), "9223372036854771712\n");
        write(sys.resolve("memory/memory.usage_in_bytes"), "1000\n");
        HostMemory.Reading r = new HostMemory(proc, sys).read();
        assertThat(r.limitBytes()).isEqualTo(16 * GB);
        assertThat(r.usedBytes()).isEqualTo(8 * GB);
        assertThat(r.pressure()).isEqualTo(0.5);
        assertThat(r.source()).startsWith("machine");
    }

    @Test
    void cgroupV1TheTightestAncestorWinsAndInactiveFilePagesDoNotCount() throws IOException {
        Path proc = proc();
        Files.writeString(proc.resolve("self/cgroup"), "9:name=systemd:/\n4:memory:/pod/app\n0::/\n");
        Path mem = root.resolve("sys/memory");
        write(mem.resolve("pod/memory.limit_in_bytes"), String.valueOf(GB));
        write(mem.resolve("pod/memory.usage_in_bytes"), String.valueOf(900L << 20));
        write(mem.resolve("pod/memory.stat"), "cache 1\nrss 5\ntotal_inactive_file " + (100L << 20) + "\ntotal_rss " + (600L << 20) + "\n");
        write(mem.resolve("pod/app/memory.limit_in_bytes"), String.valueOf(2 * GB));
        write(mem.resolve("pod/app/memory.usage_in_bytes"), String.valueOf(500L << 20));
        HostMemory.Reading r = new HostMemory(proc, root.resolve("sys")).read();
        assertThat(r.limitBytes()).isEqualTo(GB);
        assertThat(r.usedBytes()).isEqualTo(800L << 20);
        assertThat(r.source()).isEqualTo("cgroup v1 /pod");
        assertThat(r.anonBytes()).as("the whole hierarchy's anonymous memory").isEqualTo(600L << 20);
    }

    @Test
    void cgroupV2InsideAContainerWhoseHierarchyIsMountedAtItsOwnCgroup() throws IOException {
        Path proc = proc();
        // /proc/self/cgroup names the host's path; the container sees its own cgroup at the mount root
        Files.writeString(proc.resolve("self/cgroup"), "0::/kubepods/burstable/pod42/ctr\n");
        Path sys = root.resolve("sys");
        write(sys.resolve("cgroup.controllers"), "cpu memory\n");
        write(sys.resolve("memory.max"), String.valueOf(512L << 20));
        write(sys.resolve("memory.current"), String.valueOf(300L << 20));
        write(sys.resolve("memory.stat"), "anon " + (200L << 20) + "\ninactive_file " + (44L << 20) + "\n");
        HostMemory.Reading r = new HostMemory(proc, sys).read();
        assertThat(r.limitBytes()).isEqualTo(512L << 20);
        assertThat(r.usedBytes()).isEqualTo(256L << 20);
        assertThat(r.source()).startsWith("cgroup v2");
        assertThat(r.anonBytes()).isEqualTo(200L << 20);
    }

    @Test
    void cgroupV2MaxMeansNoLimit() throws IOException {
        Path proc = proc();
        Files.writeString(proc.resolve("self/cgroup"), "0::/app\n");
        Path sys = root.resolve("sys");
        write(sys.resolve("cgroup.controllers"), "memory\n");
        write(sys.resolve("app/memory.max"), "max\n");
        write(sys.resolve("app/memory.current"), "1\n");
        assertThat(new HostMemory(proc, sys).read().source()).startsWith("machine");
    }

    @Test
    void nothingReadableIsNull() {
        assertThat(new HostMemory(root.resolve("nope"), root.resolve("nope2")).read()).isNull();
    }

    @Test
    void thisMachineHasALimit() {
        HostMemory.Reading r = new HostMemory().read();
        assertThat(r).isNotNull();
        assertThat(r.limitBytes()).isPositive();
        assertThat(r.usedBytes()).isBetween(0L, r.limitBytes() * 2);
    }
}
