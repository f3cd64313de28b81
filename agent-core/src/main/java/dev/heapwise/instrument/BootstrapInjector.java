package dev.heapwise.instrument;

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
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Puts the bridge classes into the boot loader, where instrumented code of every class loader finds
 * them. The agent jar carries them as resources (under {@code META-INF/heapwise/bootstrap/}), never as
 * classes its own loader could define. They are defined directly in the boot loader, by
 * {@link BootLoaderDefiner} in an isolated class loader that alone is let into {@code jdk.internal.misc};
 * where that is refused, they are appended to the boot class path from a temporary jar, which costs the
 * JVM its class-data sharing for non-boot classes (JDK 25 says so on stderr). Measured on JDK 17, the
 * direct definition takes a few milliseconds where Byte Buddy's Unsafe injector, used before, took about
 * a quarter of premain (it generates a class of its own to reach Unsafe).
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
        if (Runtime.version().feature() >= 24) {
            // From JDK 24 the JVM warns on the application's stderr when sun.misc.Unsafe's memory methods are
            // used, as Byte Buddy (ours, relocated: the application's copy is untouched) may: it is kept from
            // them; the rewriter never needs them, since it adds no class.
            System.setProperty("dev.heapwise.shaded.net.bytebuddy.safe", "true");
        }
        try {
            defineInBootLoader(inst, classes);
            return "boot loader";
        } catch (Exception | LinkageError e) {
            LOG.debug("direct definition in the boot loader refused; appending to the boot class path", e);
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

    private static void defineInBootLoader(Instrumentation inst, Map<String, byte[]> classes) throws Exception {
        String definerName = BootLoaderDefiner.class.getName();
        byte[] definerFile;
        try (InputStream in = BootstrapInjector.class.getClassLoader()
                .getResourceAsStream(definerName.replace('.', '/') + ".class")) {
            if (in == null) {
                throw new IOException(definerName + " is not in the agent jar");
            }
            definerFile = in.readAllBytes();
        }
        Class<?> definer = new IsolatedLoader().define(definerName, definerFile);
        inst.redefineModule(Object.class.getModule(), Set.of(), Map.of(),
                Map.of("jdk.internal.misc", Set.of(definer.getModule())), Set.of(), Map.of());
        definer.getMethod("define", String[].class, byte[][].class)
                .invoke(null, classes.keySet().toArray(new String[0]), classes.values().toArray(new byte[0][]));
    }

    /** A loader of one class, the definer: its module is the only one jdk.internal.misc is opened to. */
    private static final class IsolatedLoader extends ClassLoader {
        IsolatedLoader() {
            super("heapwise-boot-definer", null);
        }

        Class<?> define(String name, byte[] classFile) {
            return defineClass(name, classFile, 0, classFile.length);
        }
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
