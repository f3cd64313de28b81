package dev.heapwise.agent;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Opens the built agent jar: every class must be the project's own (bundled libraries relocated under
 * {@code dev/heapwise/shaded/}), so nothing the agent ships can clash with the application's copies.
 */
class ShadedJarIT {
    private static final String[] RELOCATED = {"org/slf4j/", "com/fasterxml/jackson/", "net/bytebuddy/", "org/HdrHistogram/"};
    private static Path jar;

    @BeforeAll
    static void findJar() {
        jar = Path.of(System.getProperty("heapwise.agent.jar", "target/heapwise-agent.jar"));
        assertTrue(Files.isRegularFile(jar), "agent jar not built: " + jar);
    }

    @Test
    void everyClassIsInTheProjectsPackage() throws IOException {
        List<String> outside = new ArrayList<>();
        List<String> bridge = new ArrayList<>();
        int classes = 0;
        try (JarFile f = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> e = f.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                if (!name.endsWith(".class")) {
                    continue;
                }
                classes++;
                if (name.startsWith("META-INF/heapwise/bootstrap/")) {
                    // the bridge, carried as resources for injection into the boot loader
                    bridge.add(name.substring("META-INF/heapwise/bootstrap/".length()));
                } else if (!name.startsWith("dev/heapwise/")) {
                    outside.add(name);
                }
            }
        }
        assertTrue(classes > 100, "suspiciously few classes: " + classes);
        assertTrue(outside.isEmpty(), "classes outside dev/heapwise/: " + outside.subList(0, Math.min(20, outside.size())));
        assertTrue(bridge.contains("dev/heapwise/bootstrap/AllocationBridge.class"), "bridge resources: " + bridge);
        assertTrue(bridge.stream().allMatch(b -> b.startsWith("dev/heapwise/bootstrap/")), "bridge resources: " + bridge);
    }

    @Test
    void theJarsClassFilterStillRefusesTheApplicationsByteBuddy() throws Exception {
        // the relocation rewrites string constants naming Byte Buddy's package: one once became the shaded name
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[]{jar.toUri().toURL()}, null)) {
            Class<?> filter = Class.forName("dev.heapwise.instrument.ClassFilter", false, loader);
            java.lang.reflect.Field byteBuddy = filter.getDeclaredField("BYTE_BUDDY");
            byteBuddy.setAccessible(true);
            assertEquals("net.bytebuddy.", byteBuddy.get(null));
            Object all = filter.getConstructor(String.class, String.class).newInstance(null, null);
            java.lang.reflect.Method eligible = filter.getMethod("eligible", String.class, ClassLoader.class);
            ClassLoader app = ClassLoader.getSystemClassLoader();
            assertEquals(false, eligible.invoke(all, "net.bytebuddy.ByteBuddy", app));
            assertEquals(true, eligible.invoke(all, "com.acme.Foo", app));
        }
    }

    @Test
    void theBridgeIsNotALoadableClassOfTheAgentJar() throws IOException {
        try (JarFile f = new JarFile(jar.toFile())) {
            assertTrue(f.getJarEntry("dev/heapwise/bootstrap/AllocationBridge.class") == null,
                    "a bridge the system loader could define would be a second, unconnected copy");
        }
    }

    @Test
    void noClassStillReferencesAnUnrelocatedLibrary() throws IOException {
        List<String> offenders = new ArrayList<>();
        try (JarFile f = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> e = f.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                if (!entry.getName().endsWith(".class")) {
                    continue;
                }
                String text;
                try (InputStream in = f.getInputStream(entry)) {
                    text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                }
                for (String lib : RELOCATED) {
                    int i = text.indexOf(lib);
                    while (i >= 0) {
                        if (!text.startsWith("dev/heapwise/shaded/", i - "dev/heapwise/shaded/".length())) {
                            offenders.add(entry.getName() + " -> " + lib);
                            break;
                        }
                        i = text.indexOf(lib, i + 1);
                    }
                }
            }
        }
        assertTrue(offenders.isEmpty(), "unrelocated references: " + offenders.subList(0, Math.min(20, offenders.size())));
    }

    @Test
    void manifestDeclaresTheAgent() throws IOException {
        try (JarFile f = new JarFile(jar.toFile())) {
            Attributes a = f.getManifest().getMainAttributes();
            assertEquals(AgentMain.class.getName(), a.getValue("Premain-Class"));
            assertEquals(AgentMain.class.getName(), a.getValue("Agent-Class"));
            assertEquals("true", a.getValue("Can-Retransform-Classes"));
        }
    }

    @Test
    void theLoggingProviderIsRegisteredUnderItsRelocatedName() throws IOException {
        try (JarFile f = new JarFile(jar.toFile())) {
            JarEntry services = f.getJarEntry("META-INF/services/dev.heapwise.shaded.org.slf4j.spi.SLF4JServiceProvider");
            assertTrue(services != null, "relocated SLF4J service file missing");
            try (InputStream in = f.getInputStream(services)) {
                assertEquals("dev.heapwise.log.HeapwiseLoggerProvider", new String(in.readAllBytes(), StandardCharsets.UTF_8).trim());
            }
            assertTrue(f.getJarEntry("META-INF/services/org.slf4j.spi.SLF4JServiceProvider") == null,
                    "an unrelocated service file would offer our provider to the application's SLF4J");
        }
    }
}
