package dev.heapwise.it;

import dev.heapwise.it.apps.LeakScenarios;
import org.jacoco.core.data.ExecutionData;
import org.jacoco.core.data.ExecutionDataReader;
import org.jacoco.core.data.ExecutionDataStore;
import org.jacoco.core.data.SessionInfoStore;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JaCoCo's agent given after heapwise, as a build's test runner adds it: JaCoCo identifies each class by a checksum
 * of the bytes it is handed, and its report matches them against the compiled class files. Handed the rewritten
 * bytes, every class read as unknown (0.07% of instructions covered against 21%). heapwise's rewriter must run
 * after it, so JaCoCo records the same classes, by the same ids, as it does alone. On G1 only.
 */
class JacocoBesideIT {
    @BeforeEach
    void g1Only() {
        Assumptions.assumeTrue(JvmMatrix.current().gc() == JvmMatrix.Collector.G1, "G1 only");
    }

    @Test
    void jacocoGivenAfterHeapwiseRecordsTheClassesAsCompiled() throws Exception {
        Path jacoco = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> e.contains("org.jacoco.agent") && e.endsWith("-runtime.jar")).map(Path::of).findFirst()
                .orElseThrow(() -> new AssertionError("JaCoCo's runtime jar is not on the test class path"));
        Map<String, Long> alone = coverageIds("JacocoBesideIT-alone", jacoco, false);
        Map<String, Long> beside = coverageIds("JacocoBesideIT-after-heapwise", jacoco, true);
        assertTrue(alone.containsKey("dev/heapwise/it/apps/LeakScenarios"), alone.toString());
        assertEquals(alone, beside, "JaCoCo's class ids with heapwise given first");
    }

    /** Runs a scenario with JaCoCo (after heapwise if asked) and returns JaCoCo's id of each class it recorded. */
    private static Map<String, Long> coverageIds(String name, Path jacoco, boolean heapwiseFirst) throws IOException {
        ForkedJvmBuilder b = ForkedJvm.builder(name).mainClass(LeakScenarios.class).appArgs("cache", "1");
        b = heapwiseFirst ? b.agent("profile=test") : b.noAgent();
        Path exec;
        try (ForkedJvm child = b.jvmFlag("-javaagent:" + jacoco + "=destfile=jacoco.exec,includes=dev.heapwise.it.apps.*").start()) {
            assertEquals(0, child.awaitExit(Duration.ofSeconds(60)), child.log());
            if (heapwiseFirst) {
                assertTrue(child.log().contains("Java agents given after heapwise (" + jacoco.getFileName() + ")"), child.log());
            }
            exec = child.dir().resolve("jacoco.exec");
        }
        ExecutionDataStore data = new ExecutionDataStore();
        try (InputStream in = Files.newInputStream(exec)) {
            ExecutionDataReader reader = new ExecutionDataReader(in);
            reader.setExecutionDataVisitor(data);
            reader.setSessionInfoVisitor(new SessionInfoStore());
            reader.read();
        }
        Map<String, Long> ids = new TreeMap<>();
        for (ExecutionData d : data.getContents()) {
            ids.put(d.getName(), d.getId());
        }
        return ids;
    }
}
