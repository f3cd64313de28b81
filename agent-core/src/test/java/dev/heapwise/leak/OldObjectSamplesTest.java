package dev.heapwise.leak;

import dev.heapwise.fixtures.Retainer;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The real flight recorder of this JVM: objects kept by an application are read back with their site. */
class OldObjectSamplesTest {
    @Test
    void keptObjectsAreReadBackWithTheirApplicationSiteAndTheAgentsOwnAreNot() throws Exception {
        List<byte[]> agentOwn = new ArrayList<>();
        try (OldObjectSamples samples = OldObjectSamples.start(Duration.ofMinutes(1), cls -> null)) {
            // 8 MB arrays go outside any TLAB, where HotSpot samples every one
            Thread app = new Thread(new Retainer(6, 8 << 20), "app");
            app.start();
            app.join();
            for (int i = 0; i < 4; i++) {
                agentOwn.add(new byte[8 << 20]);
            }
            System.gc();
            System.gc();
            List<OldObjectSamples.Sample> read = samples.read(Instant.now());
            assertThat(read).filteredOn(s -> s.type().equals("byte[]") && s.location().startsWith(Retainer.class.getName() + ".run("))
                    .hasSizeGreaterThanOrEqualTo(3)
                    .allSatisfy(s -> {
                        assertThat(s.location()).isEqualTo(Retainer.class.getName() + ".run(Retainer.java:20)");
                        assertThat(s.stack()).first().isEqualTo(s.location());
                    });
            assertThat(read).noneMatch(s -> s.stack().stream().anyMatch(f -> f.contains(OldObjectSamplesTest.class.getSimpleName())));
            assertThat(samples.read(Instant.EPOCH)).as("none was made before 1970").isEmpty();
        } finally {
            Retainer.KEPT.clear();
        }
        assertThat(agentOwn).hasSize(4);
    }

    @Test
    void arrayTypesReadAsInSource() {
        assertThat(OldObjectSamples.javaName("[B")).isEqualTo("byte[]");
        assertThat(OldObjectSamples.javaName("[[Ljava.lang.String;")).isEqualTo("java.lang.String[][]");
        assertThat(OldObjectSamples.javaName("java.util.HashMap$Node")).isEqualTo("java.util.HashMap$Node");
        assertThat(OldObjectSamples.guessedFile("a.b.Outer$Inner")).isEqualTo("Outer.java");
    }

    /** Every package the agent compiles to is one whose frames are left out of the samples. */
    @Test
    void theAgentsPackagesAreAllKnown() {
        File root = new File(OldObjectSamples.class.getProtectionDomain().getCodeSource().getLocation().getPath(), "dev/heapwise");
        Set<String> compiled = Arrays.stream(root.listFiles(File::isDirectory)).map(File::getName).collect(Collectors.toSet());
        assertThat(OldObjectSamples.AGENT_PACKAGES).containsAll(compiled);
        assertThat(OldObjectSamples.isAgent("dev.heapwise.leak.X")).isTrue();
        assertThat(OldObjectSamples.isAgent("dev.heapwise.it.apps.LeakScenarios")).isFalse();
    }
}
