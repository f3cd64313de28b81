package dev.heapwise.instrument;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ClassFilterTest {
    private final ClassLoader app = ClassFilterTest.class.getClassLoader();

    @Test
    void neverTheJdkTheAgentOrOtherAgents() {
        ClassFilter all = new ClassFilter(null, null);
        assertThat(all.matches("com.acme.Foo", app)).isTrue();
        assertThat(all.matches("com.acme.Foo", null)).isFalse();
        assertThat(all.matches("java.sql.Date", ClassLoader.getPlatformClassLoader())).isFalse();
        assertThat(all.matches("dev.heapwise.http.Router", app)).isFalse();
        assertThat(all.matches("net.bytebuddy.ByteBuddy", app)).isFalse();
        assertThat(all.matches("dev.heapwise.shaded.com.fasterxml.jackson.core.JsonParser", app)).isFalse();
        assertThat(all.matches("dev.heapwise.it.apps.ControlledApp", app)).as("an application under dev.heapwise").isTrue();
        assertThat(ClassFilter.isAgent("dev.heapwise.it.apps.ControlledApp")).isFalse();
        assertThat(all.matches("io.opentelemetry.javaagent.Foo", app)).isFalse();
        assertThat(all.matches("jdk.internal.reflect.GeneratedMethodAccessor1", app)).isFalse();
        assertThat(all.matches("com.acme.Foo$$Lambda$14/0x1234", app)).isFalse();
    }

    /** javac, jshell and jlink are JDK modules the application loader defines: still the JDK. */
    @Test
    void whatAnotherAgentsLoaderDefinesIsNeverInstrumented() {
        // the OpenTelemetry agent loads its bundled Byte Buddy, ASM and SDK in a loader of its own package
        ClassLoader agentLoader = new io.opentelemetry.javaagent.bootstrap.StandInAgentClassLoader(app);
        ClassFilter all = new ClassFilter(null, null);
        assertThat(all.eligible("io.opentelemetry.sdk.OpenTelemetrySdk", agentLoader)).isFalse();
        assertThat(all.eligible("org.objectweb.asm.ClassReader", agentLoader)).isFalse();
        assertThat(all.eligible("org.objectweb.asm.ClassReader", app)).as("the application's own ASM").isTrue();
        // spelled at run time, so that the agent jar's relocation leaves it alone (ShadedJarIT reads it from the jar)
        assertThat(ClassFilter.BYTE_BUDDY).isEqualTo("net.bytebuddy.");
    }

    @Test
    void jdkModulesOnTheApplicationLoaderAreNeverInstrumented() throws Exception {
        ClassFilter all = new ClassFilter(null, null);
        ClassLoader javacLoader = Class.forName("com.sun.tools.javac.Main").getClassLoader();
        assertThat(javacLoader).as("jdk.compiler is defined to the application loader").isSameAs(ClassLoader.getSystemClassLoader());
        assertThat(all.eligible("com.sun.tools.javac.Main", javacLoader)).as("by name and loader alone").isTrue();
        assertThat(all.eligible("com.sun.tools.javac.Main", javacLoader, "jdk.compiler")).isFalse();
        assertThat(all.eligible("com.acme.Foo", app, "com.acme.module")).isTrue();
        assertThat(all.eligible("com.acme.Foo", app, null)).as("the unnamed module").isTrue();
    }

    /** Every package the agent ships is on the never list: a new package cannot slip through unnoticed. */
    @Test
    void everyPackageOfTheAgentItselfIsNeverInstrumented() throws Exception {
        Path classes = Path.of(ClassFilter.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ClassFilter all = new ClassFilter(null, null);
        try (Stream<Path> files = Files.walk(classes)) {
            List<String> names = files.filter(f -> f.toString().endsWith(".class"))
                    .map(f -> classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", ""))
                    .collect(Collectors.toList());
            assertThat(names).hasSizeGreaterThan(50);
            for (String name : names) {
                assertThat(all.eligible(name, app)).as(name).isFalse();
                assertThat(ClassFilter.isAgent(name)).as(name + ", left out of old-object samples' sites").isTrue();
            }
        }
    }

    @Test
    void includeThenExclude() {
        ClassFilter f = new ClassFilter("com.acme.*; org.lib.Exact", "com.acme.internal.*;*Generated*");
        assertThat(f.matches("com.acme.web.Handler", app)).isTrue();
        assertThat(f.matches("org.lib.Exact", app)).isTrue();
        assertThat(f.matches("org.lib.ExactNot", app)).isFalse();
        assertThat(f.matches("com.acme.internal.Cache", app)).isFalse();
        assertThat(f.matches("com.acme.FooGenerated$1", app)).isFalse();
        assertThat(f.matches("com.other.Foo", app)).isFalse();
    }
}
