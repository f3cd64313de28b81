package dev.heapwise.instrument;

import java.lang.reflect.Method;
import java.security.ProtectionDomain;

/**
 * Defines classes in the boot loader through the JDK's internal Unsafe. Never called where the class
 * path loaded it: {@link BootstrapInjector} defines a copy of this class in a class loader of its own and
 * opens {@code jdk.internal.misc} to that loader's module alone, so that the application, which shares
 * the class path's module with the agent, gains no access to JDK internals.
 */
public final class BootLoaderDefiner {
    private BootLoaderDefiner() {
    }

    /** Defines each class, in order, in the boot loader (null loader, no protection domain). */
    public static void define(String[] names, byte[][] classFiles) throws ReflectiveOperationException {
        Class<?> unsafeClass = Class.forName("jdk.internal.misc.Unsafe");
        Object unsafe = unsafeClass.getMethod("getUnsafe").invoke(null);
        Method define = unsafeClass.getMethod("defineClass", String.class, byte[].class, int.class, int.class,
                ClassLoader.class, ProtectionDomain.class);
        for (int i = 0; i < names.length; i++) {
            define.invoke(unsafe, names[i], classFiles[i], 0, classFiles[i].length, null, null);
        }
    }
}
