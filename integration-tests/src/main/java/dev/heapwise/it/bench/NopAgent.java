package dev.heapwise.it.bench;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** An agent that does nothing: what any -javaagent costs the JVM, for comparison with heapwise. */
public final class NopAgent {
    private NopAgent() {
    }

    public static void premain(String args, Instrumentation instrumentation) {
        // nothing: the point is the JVM's own cost of loading an agent
    }

    /**
     * A jar in {@code dir} holding this class as its Premain-Class (with retransformation enabled, as
     * heapwise's manifest has it), built from the class file under {@code classesDir}.
     */
    static Path jar(Path dir, String classesDir) throws IOException {
        Path jarPath = dir.resolve("nop-agent.jar");
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue("Premain-Class", NopAgent.class.getName());
        m.getMainAttributes().putValue("Can-Retransform-Classes", "true");
        String entry = NopAgent.class.getName().replace('.', '/') + ".class";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jarPath), m)) {
            out.putNextEntry(new JarEntry(entry));
            out.write(Files.readAllBytes(Path.of(classesDir, entry)));
            out.closeEntry();
        }
        return jarPath;
    }
}
