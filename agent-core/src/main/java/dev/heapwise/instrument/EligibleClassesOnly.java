package dev.heapwise.instrument;

import net.bytebuddy.agent.builder.ResettableClassFileTransformer;

import java.lang.instrument.IllegalClassFormatException;
import java.security.ProtectionDomain;

/**
 * Hands Byte Buddy only the classes the agent may change ({@link ClassFilter#eligible}): a class of the boot or
 * platform loader, of a JDK module, of the agent or of another agent goes back unchanged at once. Byte Buddy's
 * ignore matcher refuses the same classes, but only after its own work for each (a circularity lock, the
 * module's read edges, a type description), and with a transformer registered every class the JVM loads comes
 * here: at start-up the agent's own 1,400 classes and each JDK class loaded after premain. No lambda: this runs
 * inside every class load.
 */
final class EligibleClassesOnly extends ResettableClassFileTransformer.WithDelegation {
    private final ClassFilter filter;

    EligibleClassesOnly(ResettableClassFileTransformer delegate, ClassFilter filter) {
        super(delegate);
        this.filter = filter;
    }

    @Override
    public byte[] transform(ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain,
                            byte[] classFile) throws IllegalClassFormatException {
        return refused(loader, name, null) ? null : classFileTransformer.transform(loader, name, redefined, domain, classFile);
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined,
                            ProtectionDomain domain, byte[] classFile) throws IllegalClassFormatException {
        String moduleName = module == null || !module.isNamed() ? null : module.getName();
        return refused(loader, name, moduleName) ? null
                : classFileTransformer.transform(module, loader, name, redefined, domain, classFile);
    }

    /** True for a class never changed; a class without a name is left to Byte Buddy. */
    private boolean refused(ClassLoader loader, String internalName, String moduleName) {
        return internalName != null && !filter.eligible(internalName.replace('/', '.'), loader, moduleName);
    }
}
