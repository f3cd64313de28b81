package dev.heapwise.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The agent jar the children run with: a copy of agent/target/heapwise-agent.jar taken once per test
 * JVM. Every child of one run then gets the same jar even if the jar is rebuilt meanwhile: a child
 * that opens a jar while it is being rewritten fails with NoClassDefFoundError, which says nothing
 * about the agent. The copy is checked to be a whole jar with a Premain-Class; a half-written one is
 * copied again until the deadline.
 */
public final class AgentJar {
    private static Path copy;

    private AgentJar() {
    }

    public static synchronized Path path() {
        if (copy == null) {
            Path built = Path.of(ForkedJvm.requiredProperty("heapwise.agent.jar"));
            if (!Files.isRegularFile(built)) {
                throw new IllegalStateException("agent jar " + built + " is missing: build it with 'mvn -B -q install -DskipTests'");
            }
            Path target = JvmMatrix.current().workDir().resolve("heapwise-agent.jar");
            copy = Poll.until("a complete copy of " + built, ForkedJvm.START_TIMEOUT, () -> copyOf(built, target),
                    Objects::nonNull);
        }
        return copy;
    }

    private static Path copyOf(Path from, Path to) {
        try {
            Files.createDirectories(to.getParent());
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
            try (JarFile jar = new JarFile(to.toFile())) {
                Manifest m = jar.getManifest();
                return m != null && m.getMainAttributes().getValue("Premain-Class") != null ? to : null;
            }
        } catch (IOException e) {
            return null;
        }
    }
}
