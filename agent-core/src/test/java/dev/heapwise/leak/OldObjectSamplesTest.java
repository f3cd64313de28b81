package dev.heapwise.leak;

import dev.heapwise.fixtures.Retainer;
import dev.heapwise.fixtures.lib.Store;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The real flight recorder of this JVM: objects kept by an application are read back with their site. */
class OldObjectSamplesTest {
    @Test
    void keptObjectsAreReadBackNamedWhereTheApplicationMadeThemAndTheAgentsOwnAreNot() throws Exception {
        List<byte[]> agentOwn = new ArrayList<>();
        try (OldObjectSamples samples = OldObjectSamples.start(Duration.ofMinutes(1), cls -> null,
                cls -> !cls.startsWith(Store.class.getPackageName() + "."), List.of("G1 Young Generation", "G1 Old Generation"))) {
            // 8 MB arrays go outside any TLAB, where HotSpot samples every one; its sampler may take a
            // moment to start after the recording does, so the application keeps on until it is seen
            Predicate<OldObjectSamples.Sample> kept = s -> s.type().equals("byte[]")
                    && s.location().startsWith(Retainer.class.getName() + ".run(");
            List<OldObjectSamples.Sample> read = List.of();
            for (int round = 0; round < 20 && read.stream().filter(kept).count() < 3; round++) {
                Thread app = new Thread(new Retainer(3, 8 << 20), "app");
                app.start();
                app.join();
                agentOwn.add(new byte[8 << 20]);
                System.gc();
                read = samples.read(Instant.now());
            }
            assertThat(read).filteredOn(kept)
                    .hasSizeGreaterThanOrEqualTo(3)
                    .allSatisfy(s -> {
                        assertThat(s.location()).as("the application's frame, not the library's")
                                .isEqualTo(Retainer.class.getName() + ".run(Retainer.java:22)");
                        assertThat(s.stack()).first().isEqualTo(Store.class.getName() + ".keep(Store.java:11)");
                    });
            assertThat(read).noneMatch(s -> s.stack().stream().anyMatch(f -> f.contains(OldObjectSamplesTest.class.getSimpleName())));
            assertThat(samples.read(Instant.EPOCH)).as("none was made before 1970").isEmpty();
        } finally {
            Retainer.KEPT.clear();
        }
        assertThat(agentOwn).isNotEmpty();
    }

    @Test
    void generationalZgcIsRefusedForItKeepsSampledGarbageAliveAndEveryOtherCollectorIsNot() {
        assertThat(OldObjectSamples.refusedUnder(List.of("ZGC Minor Cycles", "ZGC Minor Pauses", "ZGC Major Cycles",
                "ZGC Major Pauses"))).contains("generational ZGC").contains("JDK-8375615");
        assertThatThrownBy(() -> OldObjectSamples.start(Duration.ofMinutes(1), cls -> null, cls -> true,
                List.of("ZGC Minor Cycles", "ZGC Major Cycles"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("generational ZGC");
        for (List<String> fine : List.of(List.of("ZGC Cycles", "ZGC Pauses"), List.of("G1 Young Generation", "G1 Old Generation"),
                List.of("PS Scavenge", "PS MarkSweep"), List.of("Copy", "MarkSweepCompact"),
                List.of("Shenandoah Cycles", "Shenandoah Pauses"))) {
            assertThat(OldObjectSamples.refusedUnder(fine)).as(fine.toString()).isNull();
        }
    }

    @Test
    void arrayTypesReadAsInSource() {
        assertThat(OldObjectSamples.javaName("[B")).isEqualTo("byte[]");
        assertThat(OldObjectSamples.javaName("[[Ljava.lang.String;")).isEqualTo("java.lang.String[][]");
        assertThat(OldObjectSamples.javaName("java.util.HashMap$Node")).isEqualTo("java.util.HashMap$Node");
        assertThat(OldObjectSamples.guessedFile("a.b.Outer$Inner")).isEqualTo("Outer.java");
    }
}
