package dev.heapwise.instrument;

import net.bytebuddy.agent.builder.ResettableClassFileTransformer;

import java.lang.instrument.IllegalClassFormatException;
import java.security.ProtectionDomain;

/**
 * Transforms a class again when the last attempt failed only because a rewritten method outgrew the
 * 64 KB code limit: Byte Buddy reports that failure to {@link TransformFailures}, which records the
 * method in {@link OversizedMethods}, and the next attempt leaves it as it is. Each attempt can only
 * add a method to leave alone, so the attempts are bounded by the class's methods, and by
 * {@link #MAX_ATTEMPTS} whatever happens.
 */
final class OversizedRetryTransformer extends ResettableClassFileTransformer.WithDelegation {
    private static final int MAX_ATTEMPTS = 8;
    private final OversizedMethods oversized;

    OversizedRetryTransformer(ResettableClassFileTransformer delegate, OversizedMethods oversized) {
        super(delegate);
        this.oversized = oversized;
    }

    @Override
    public byte[] transform(ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain,
                            byte[] classFile) throws IllegalClassFormatException {
        return attempts(null, false, loader, name, redefined, domain, classFile);
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined,
                            ProtectionDomain domain, byte[] classFile) throws IllegalClassFormatException {
        return attempts(module, true, loader, name, redefined, domain, classFile);
    }

    /**
     * Byte Buddy reports a failed transform to its listener and then throws (the JVM ignores a transformer
     * that throws, and the class loads unchanged): a failure that recorded a new oversized method is
     * tried again instead. No lambda here: this runs inside every class load, where a first lambda
     * linkage could recurse.
     */
    private byte[] attempts(Module module, boolean withModule, ClassLoader loader, String name, Class<?> redefined,
                            ProtectionDomain domain, byte[] classFile) throws IllegalClassFormatException {
        for (int attempt = 1; ; attempt++) {
            int before = oversized.count();
            try {
                return withModule
                        ? classFileTransformer.transform(module, loader, name, redefined, domain, classFile)
                        : classFileTransformer.transform(loader, name, redefined, domain, classFile);
            } catch (Throwable failed) {
                if (attempt == MAX_ATTEMPTS || oversized.count() == before) {
                    throw failed;
                }
            }
        }
    }
}
