package dev.heapwise.instrument;

import net.bytebuddy.dynamic.loading.ClassInjector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Puts the bridge classes into the boot loader, where instrumented code of every class loader finds
 * them. The agent jar carries them as resources (under {@code META-INF/heapwise/bootstrap/}), never as
 * classes its own loader could define. Before JDK 24 they are defined directly in the boot loader;
 * from JDK 24 (whose JVM warns about the Unsafe methods that takes), or where direct definition is
 * refused, they are appended to the boot class path from a temporary jar.
 *
 * <p>The bridge reads the VM's array header size from system properties in its static initialiser, so
 * they are set here, before any code can touch it.
 */
public final class BootstrapInjector {
    private static final Logger LOG = LoggerFactory.getLogger(BootstrapInjector.class);
    static final String[] CLASSES = {"dev.heapwise.bootstrap.AllocationSink", "dev.heapwise.bootstrap.AllocationBridge",
            "dev.heapwise.bootstrap.MethodSink", "dev.heapwise.bootstrap.MethodBridge"};
    private static final String RESOURCE_ROOT = "META-INF/heapwise/bootstrap/";

    private BootstrapInjector() {
    }

    /** Makes the bridge visible to every loader; returns how ("boot loader", "boot class path", "class path"). */
    public static String inject(Instrumentation inst, ObjectLayout layout) throws IOException {
        System.setProperty("dev.heapwise.bootstrap.arrayBase", String.valueOf(layout.arrayBase()));
        System.setProperty("dev.heapwise.bootstrap.refShift", String.valueOf(layout.referenceShift()));
        Map<String, byte[]> classes = readResources();
        if (classes == null) {
            // running from unpacked classes (tests, IDE): the bridge is on the class path as ordinary classes
            return "class path";
        }
        // From JDK 24 the JVM warns on the application's stderr when sun.misc.Unsafe's memory methods are
        // used, which Byte Buddy's direct injection does: there, the boot class path is the quiet way.
        if (Runtime.version().feature() >= 24) {
            // and keeps Byte Buddy (ours, relocated: the application's copy is untouched) away from Unsafe,
            // which the rewriter never needs since it adds no class
            System.setProperty("dev.heapwise.shaded.net.bytebuddy.safe", "true");
        } else {
            try {
                ClassInjector.UsingUnsafe.Factory.resolve(inst).make(null, null).injectRaw(classes);
                return "boot loader";
            } catch (RuntimeException | LinkageError e) {
                LOG.debug("direct injection into the boot loader refused; appending to the boot class path", e);
            }
        }
        Path jar = Files.createTempFile("heapwise-bootstrap-", ".jar");
        jar.toFile().deleteOnExit();
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            for (Map.Entry<String, byte[]> e : classes.entrySet()) {
                out.putNextEntry(new JarEntry(e.getKey().replace('.', '/') + ".class"));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        inst.appendToBootstrapClassLoaderSearch(new JarFile(jar.toFile()));
        return "boot class path";
    }

    private static Map<String, byte[]> readResources() throws IOException {
        ClassLoader own = BootstrapInjector.class.getClassLoader();
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (String name : CLASSES) {
            try (InputStream in = own.getResourceAsStream(RESOURCE_ROOT + name.replace('.', '/') + ".class")) {
                if (in == null) {
                    return null;
                }
                out.put(name, in.readAllBytes());
            }
        }
        return out;
    }
}
