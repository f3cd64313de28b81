package dev.heapwise.leak;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.Selector;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class FileDescriptorGrowthPatternTest {
    private static final long SECOND = 1000;
    private static final GrowthRule RULE = new GrowthRule(10 * 60 * SECOND, 60 * SECOND, 6, 0.99, 0, 50);

    @Test
    void targetsFoldIntoFamilies() {
        assertThat(DescriptorTargets.fold("/tmp/upload-17.tmp")).isEqualTo("/tmp/upload-#.tmp");
        assertThat(DescriptorTargets.fold("/data/3f2a9c1e-07b4-4d1e-9a2b-0c8e5d6f7a81.bin")).isEqualTo("/data/#-#-#-#-#.bin");
        assertThat(DescriptorTargets.fold("/var/log/app/2026/12/report_5.csv (deleted)"))
                .isEqualTo("/var/log/app/#/#/report_#.csv (deleted)");
        assertThat(DescriptorTargets.fold("/usr/lib/jvm/java-17/lib/modules")).isEqualTo("/usr/lib/jvm/java-#/lib/modules");
        assertThat(DescriptorTargets.fold("/dev/null")).isEqualTo("/dev/null");
        assertThat(DescriptorTargets.fold("pipe:[81234]")).isEqualTo("pipe");
        assertThat(DescriptorTargets.fold("socket:[81235]")).isEqualTo("socket");
        assertThat(DescriptorTargets.fold("anon_inode:[eventpoll]")).isEqualTo("anon_inode:[eventpoll]");
        assertThat(DescriptorTargets.socketInode("socket:[81235]")).isEqualTo(81235);
        assertThat(DescriptorTargets.socketInode("pipe:[81234]")).isEqualTo(-1);
    }

    @Test
    void tcpSocketsAreNamedByPeerOrListeningPortAndState() {
        // lines of /proc/net/tcp and tcp6 as this machine printed them
        List<String> lines = List.of(
                "   0: 0100007F:BFCF 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 24526 1 00000000f73e569c 100 0 0 10 0",
                "   2: 0100007F:BFCF 0100007F:D48C 08 00000000:00000000 00:00000000 00000000     0        0 24528 1 00000000801ffe0c 20 0 0 10 -1",
                "   3: 0100007F:D48C 0500000A:1538 01 00000000:00000000 00:00000000 00000000     0        0 24527 2 00000000af2d4e9c 20 0 0 10 -1",
                "   4: 0100007F:D48D 0500000A:1538 01 00000000:00000000 00:00000000 00000000     0        0 99999 2 00000000af2d4e9c 20 0 0 10 -1",
                "   0: 00000000000000000000000001000000:C9A1 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 24529 1 00000000325074c4 100 0 0 10 0");
        Map<Long, TcpSockets.Endpoint> found = new HashMap<>();
        Set<Integer> listening = new HashSet<>();
        // the listening socket 24526 is not among those read, as when only a sample of the descriptors is
        lines.forEach(l -> TcpSockets.parseLine(l, Set.of(24527L, 24528L, 24529L), found, listening));
        assertThat(found).doesNotContainKeys(99999L, 24526L); // another process's, and one not asked for
        assertThat(listening).containsExactlyInAnyOrder(0xBFCF, 0xC9A1);
        Map<Long, TcpSockets.Named> named = TcpSockets.groups(found, listening);
        assertThat(named.get(24528L)).isEqualTo(new TcpSockets.Named("tcp accepted on :49103, CLOSE_WAIT",
                "127.0.0.1:49103 - 127.0.0.1:54412 CLOSE_WAIT"));
        assertThat(named.get(24527L).family()).isEqualTo("tcp to 10.0.0.5:5432, ESTABLISHED");
        assertThat(named.get(24529L).family()).isEqualTo("tcp listening on :51617");
        assertThat(TcpSockets.address("00000000000000000000000001000000")).isEqualTo("0:0:0:0:0:0:0:1");
        assertThat(TcpSockets.address("0000000000000000FFFF00000100007F")).isEqualTo("127.0.0.1");
    }

    @Test
    void eachKindOfDescriptorHasItsOwnNextStep() {
        assertThat(FileDescriptorGrowthPattern.nextStep("tcp accepted on :8080, CLOSE_WAIT")).contains("server never closed its side");
        assertThat(FileDescriptorGrowthPattern.nextStep("tcp to 10.0.0.5:5432, ESTABLISHED")).contains("pool");
        assertThat(FileDescriptorGrowthPattern.nextStep("socket")).contains("sockets");
        assertThat(FileDescriptorGrowthPattern.nextStep("anon_inode:[eventfd]")).contains("Selector.open()");
        assertThat(FileDescriptorGrowthPattern.nextStep("anon_inode:inotify")).contains("newWatchService()");
        assertThat(FileDescriptorGrowthPattern.nextStep("pipe")).contains("Process");
        assertThat(FileDescriptorGrowthPattern.nextStep("/var/data/report-#.csv")).contains("try-with-resources");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aSelectorAndAWatchServiceLeftOpenAreNamedByKind() throws Exception {
        try (Selector selector = Selector.open(); WatchService watcher = FileSystems.getDefault().newWatchService()) {
            OpenDescriptors.Reading r = new OpenDescriptors().read();
            assertThat(r.families()).as("%s and %s", selector, watcher).containsKeys("anon_inode:[eventpoll]", "anon_inode:inotify");
        }
    }

    @Test
    void aSampleOfManyDescriptorsIsScaledToTheOpenCount() {
        List<String> targets = new ArrayList<>();
        for (int i = 0; i < OpenDescriptors.MAX_READ; i++) {
            targets.add(i % 4 == 0 ? "pipe:[" + i + "]" : "/var/data/report-" + i + ".csv");
        }
        OpenDescriptors.Reading r = OpenDescriptors.of(40_000, 65_536, targets, true);
        assertThat(r.families().get("/var/data/report-#.csv")).isEqualTo(30_000.0);
        assertThat(r.families().get("pipe")).isEqualTo(10_000.0);
        assertThat(r.examples().get("pipe")).containsExactly("pipe:[0]", "pipe:[4]", "pipe:[8]");
        assertThat(OpenDescriptors.of(3, 65_536, targets.subList(0, 2), false).families())
                .containsEntry("pipe", 1.0).containsEntry("/var/data/report-#.csv", 1.0);
    }

    /** Readings every 5 s: {@code leaked} per minute into one family beside a steady and a noisy one. */
    private static List<OpenDescriptors.Reading> readings(int count, double leakedPerMinute, long seed) {
        Random random = new Random(seed);
        List<OpenDescriptors.Reading> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, Double> families = new HashMap<>();
            families.put("/usr/lib/jvm/java-#/lib/modules", 1.0);
            families.put("tcp accepted on :8080, ESTABLISHED", 100.0 + random.nextInt(80)); // the load's own noise
            families.put("/var/data/report-#.csv", 3 + leakedPerMinute * i / 12.0);
            int open = (int) families.values().stream().mapToDouble(Double::doubleValue).sum();
            out.add(new OpenDescriptors.Reading(open, 20_000, families, Map.of("/var/data/report-#.csv", List.of("/var/data/report-1.csv"))));
        }
        return out;
    }

    private static List<Finding> fedWith(List<OpenDescriptors.Reading> readings) throws Exception {
        AtomicReference<OpenDescriptors.Reading> next = new AtomicReference<>();
        FileDescriptorGrowthPattern p = new FileDescriptorGrowthPattern(true, next::get, RULE);
        long now = 0;
        for (OpenDescriptors.Reading r : readings) {
            next.set(r);
            p.sample(now);
            now += 5 * SECOND;
        }
        return p.detect(now - 5 * SECOND);
    }

    @Test
    void aFamilyOfStreamsNeverClosedIsNamedWithTheTimeToTheLimit() throws Exception {
        List<Finding> found = fedWith(readings(60, 120, 1)); // 5 minutes at 2 a second
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.culprit()).isEqualTo("/var/data/report-#.csv");
            assertThat(f.rate()).isBetween(110.0, 130.0);
            assertThat(f.details()).containsEntry("limit", 20_000L);
            assertThat((Double) f.details().get("projected_minutes_to_limit")).isBetween(150.0, 170.0);
            assertThat(f.severity()).isEqualTo(Severity.HIGH);
            assertThat(f.summary()).contains("report-#.csv", "of 20000 open");
        });
    }

    @Test
    void aBusyServersConnectionsAndSteadyFilesAreNot() throws Exception {
        assertThat(fedWith(readings(60, 0, 2))).isEmpty();
    }

    @Test
    void aPoolThatOpensItsConnectionsAndKeepsThemIsNot() throws Exception {
        List<OpenDescriptors.Reading> readings = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            double pool = Math.min(200, 10 + 8.0 * i); // filled in two minutes, then kept
            readings.add(new OpenDescriptors.Reading((int) pool, 20_000, Map.of("tcp to 10.0.0.5:5432, ESTABLISHED", pool), Map.of()));
        }
        assertThat(fedWith(readings)).isEmpty();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void theProcessesOwnDescriptorsAreReadAndNamed(@TempDir Path dir) throws Exception {
        List<AutoCloseable> opened = new ArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            for (int i = 0; i < 30; i++) {
                Path file = Files.writeString(dir.resolve("kept-" + i + ".log"), "x");
                opened.add(new FileInputStream(file.toFile()));
            }
            Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
            opened.add(client);
            opened.add(server.accept());
            OpenDescriptors.Reading r = new OpenDescriptors().read();
            String family = DescriptorTargets.fold(dir.toRealPath().resolve("kept-#.log").toString());
            assertThat(r.families().get(family)).isEqualTo(30.0);
            assertThat(r.examples().get(family)).hasSize(3);
            int port = server.getLocalPort();
            assertThat(r.families()).containsEntry("tcp listening on :" + port, 1.0)
                    .containsEntry("tcp accepted on :" + port + ", ESTABLISHED", 1.0)
                    .containsEntry("tcp to 127.0.0.1:" + port + ", ESTABLISHED", 1.0);
            assertThat(r.open()).isGreaterThanOrEqualTo(33);
            assertThat(r.limit()).isPositive();
            assertThat(r.families().keySet()).noneMatch(f -> f.startsWith("/proc/"));
        } finally {
            for (AutoCloseable c : opened) {
                c.close();
            }
        }
    }
}
