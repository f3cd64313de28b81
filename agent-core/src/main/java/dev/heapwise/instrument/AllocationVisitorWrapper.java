package dev.heapwise.instrument;

import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.field.FieldList;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.pool.TypePool;

/**
 * Plugs the allocation rewriter into Byte Buddy. Max stack is recomputed (the inserted code needs up
 * to three more slots); frames are kept as they are, because the inserted code adds no branch and
 * leaves every branch target's stack and locals unchanged, and recomputing them would resolve common
 * super types of classes the application may not even ship.
 */
final class AllocationVisitorWrapper implements AsmVisitorWrapper {
    private final SiteSink sites;
    private final InstanceSizes sizes;
    private final ObjectLayout layout;
    private final OversizedMethods oversized;

    AllocationVisitorWrapper(SiteSink sites, ObjectLayout layout, OversizedMethods oversized) {
        this.sites = sites;
        this.sizes = new InstanceSizes(layout);
        this.layout = layout;
        this.oversized = oversized;
    }

    @Override
    public int mergeWriter(int flags) {
        return flags | ClassWriter.COMPUTE_MAXS;
    }

    @Override
    public int mergeReader(int flags) {
        return flags;
    }

    @Override
    public ClassVisitor wrap(TypeDescription instrumentedType, ClassVisitor classVisitor,
                             Implementation.Context implementationContext, TypePool typePool,
                             FieldList<FieldDescription.InDefinedShape> fields, MethodList<?> methods,
                             int writerFlags, int readerFlags) {
        return new AllocationClassVisitor(classVisitor, sites, sizes, typePool, layout, oversized);
    }
}
