package dev.heapwise.instrument;

import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.pool.TypePool;

/** Reads the class's name and source file, and rewrites the allocation sites of each method with code. */
final class AllocationClassVisitor extends ClassVisitor {
    private final SiteSink sites;
    private final InstanceSizes sizes;
    private final TypePool pool;
    private final ObjectLayout layout;
    private final OversizedMethods oversized;
    private String className;
    private String fileName;

    AllocationClassVisitor(ClassVisitor next, SiteSink sites, InstanceSizes sizes, TypePool pool, ObjectLayout layout,
                           OversizedMethods oversized) {
        super(Opcodes.ASM9, next);
        this.sites = sites;
        this.sizes = sizes;
        this.pool = pool;
        this.layout = layout;
        this.oversized = oversized;
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
        className = name.replace('/', '.');
        super.visit(version, access, name, signature, superName, interfaces);
    }

    @Override
    public void visitSource(String source, String debug) {
        fileName = source;
        super.visitSource(source, debug);
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
        MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
        if (next == null || (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0
                || oversized.skips(className, name, descriptor)) {
            return next;
        }
        return new AllocationMethodVisitor(next, className, name, descriptor, fileName, sites, sizes, pool, layout);
    }
}
