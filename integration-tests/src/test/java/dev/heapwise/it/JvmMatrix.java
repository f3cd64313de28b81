package dev.heapwise.it;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Which JDK and which collector the children of this test run use. Each failsafe execution sets
 * {@code heapwise.it.jdk} (17 or 25) and {@code heapwise.it.gc} (G1, Parallel, Serial, Z); run from an
 * IDE without them, it is 17 with G1. {@code heapwise.it.only} (e.g. {@code 17-G1,25-Z}) narrows a run
 * to some executions. A combination that cannot run is skipped with a loud reason, never passed
 * silently: a missing JDK must show in the report, not hide behind a green build.
 */
public record JvmMatrix(String jdk, Collector gc, Path javaHome, String unavailableReason) {

    /** The collectors of the matrix, with their flag and the name the agent reports for them. */
    public enum Collector {
        G1("-XX:+UseG1GC", "G1"),
        PARALLEL("-XX:+UseParallelGC", "Parallel"),
        SERIAL("-XX:+UseSerialGC", "Serial"),
        Z("-XX:+UseZGC", "ZGC");

        private final String flag;
        private final String agentName;

        Collector(String flag, String agentName) {
            this.flag = flag;
            this.agentName = agentName;
        }

        public String flag() {
            return flag;
        }

        /** As the agent's status reports it ({@code jvm.collector}). */
        public String agentName() {
            return agentName;
        }

        static Collector parse(String text) {
            for (Collector c : values()) {
                if (c.name().equalsIgnoreCase(text.trim()) || c.agentName.equalsIgnoreCase(text.trim())) {
                    return c;
                }
            }
            throw new IllegalArgumentException("heapwise.it.gc='" + text + "': expected one of G1, Parallel, Serial, Z");
        }

        /** G1, Parallel, Serial, Z: the spelling used in execution ids. */
        String id() {
            return this == Z ? "Z" : agentName;
        }
    }

    private static final Path JVM_DIR = Path.of("/usr/lib/jvm");
    private static volatile JvmMatrix current;
    private static volatile boolean warned;

    public static JvmMatrix current() {
        JvmMatrix m = current;
        if (m == null) {
            String jdk = System.getProperty("heapwise.it.jdk", "17").trim();
            Collector gc = Collector.parse(System.getProperty("heapwise.it.gc", "G1"));
            Path home = findJdk(jdk);
            String override = System.getenv("HEAPWISE_JDK" + jdk);
            String reason = home != null ? null
                    : override != null && !override.isBlank()
                    ? "HEAPWISE_JDK" + jdk + "=" + override + " is not a JDK " + jdk + " (no bin/java, or its release file says otherwise)"
                    : "no JDK " + jdk + " found (looked at the test JVM and " + JVM_DIR + "/*); install it or point HEAPWISE_JDK"
                    + jdk + " at it";
            m = new JvmMatrix(jdk, gc, home, reason);
            current = m;
        }
        return m;
    }

    /** {@code 17-G1}, {@code 25-Z}: the execution's name, as {@code heapwise.it.only} lists it. */
    public String id() {
        return jdk + "-" + gc.id();
    }

    /** Where this combination's children keep their files: target/forked-jvms/<id> under Maven. */
    public Path workDir() {
        return Path.of(System.getProperty("heapwise.it.workdir", System.getProperty("java.io.tmpdir") + "/heapwise-it"))
                .resolve(id());
    }

    public Path javaExecutable() {
        return javaHome.resolve("bin").resolve("java");
    }

    /**
     * Skips the calling test (and with it the class, from {@code @BeforeAll}) when this combination is
     * not selected or its JDK is missing; says so on stderr once, so a skipped run cannot look green.
     */
    public void assumeRunnable() {
        String only = System.getProperty("heapwise.it.only", "").trim();
        if (!only.isEmpty() && Arrays.stream(only.split(",")).map(String::trim).noneMatch(id()::equalsIgnoreCase)) {
            Assumptions.abort("execution " + id() + " is not in heapwise.it.only=" + only);
        }
        if (unavailableReason != null) {
            if (!warned) {
                warned = true;
                System.err.println("\n*** heapwise integration tests SKIPPED for " + id() + ": " + unavailableReason + " ***\n");
            }
            Assumptions.abort("SKIPPED " + id() + ": " + unavailableReason);
        }
    }

    static Path findJdk(String feature) {
        String override = System.getenv("HEAPWISE_JDK" + feature);
        if (override != null && !override.isBlank()) {
            Path p = Path.of(override.trim());
            return isJdk(p, feature) ? p : null;
        }
        Path own = Path.of(System.getProperty("java.home"));
        if (isJdk(own, feature)) {
            return own;
        }
        List<Path> candidates = new ArrayList<>();
        if (Files.isDirectory(JVM_DIR)) {
            try (Stream<Path> s = Files.list(JVM_DIR)) {
                s.sorted().forEach(candidates::add);
            } catch (IOException e) {
                return null;
            }
        }
        return candidates.stream().filter(p -> isJdk(p, feature)).findFirst().orElse(null);
    }

    /** A JDK whose {@code release} file says JAVA_VERSION is {@code feature} or {@code feature.x.y}. */
    private static boolean isJdk(Path home, String feature) {
        Path release = home.resolve("release");
        if (!Files.isExecutable(home.resolve("bin").resolve("java")) || !Files.isReadable(release)) {
            return false;
        }
        try {
            for (String line : Files.readAllLines(release)) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring("JAVA_VERSION=".length()).replace("\"", "").trim();
                    return v.equals(feature) || v.startsWith(feature + ".");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    @Override
    public String toString() {
        return id() + (javaHome == null ? " (missing)" : " (" + javaHome + ")");
    }
}
