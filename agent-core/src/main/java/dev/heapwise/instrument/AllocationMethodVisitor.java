package dev.heapwise.instrument;

import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import net.bytebuddy.pool.TypePool;

import java.util.ArrayDeque;

/**
 * Rewrites the allocation sites of one method to report to the bootstrap bridge:
 * <ul>
 *   <li>{@code NEW T ... INVOKESPECIAL T.<init>}: after the constructor returns (an object whose
 *       constructor threw is never counted), {@code AllocationBridge.object(site, sizeOf(T))};</li>
 *   <li>{@code NEWARRAY}/{@code ANEWARRAY}: the length is kept ({@code DUP}) and, once the array exists,
 *       {@code AllocationBridge.array(length, site, elementShift)};</li>
 *   <li>{@code MULTIANEWARRAY}: {@code AllocationBridge.multiArray(array, site, dims)}.</li>
 * </ul>
 * Only the site id and the size reach the bridge, never a new object, so escape analysis can still
 * remove allocations that do not escape; except with {@code passObjects} (survivor tracking), where
 * the object goes too ({@code trackedObject}, {@code trackedArray}), for a NEW only when it is followed
 * at once by the {@code DUP} that leaves the constructed object on top of the stack after its
 * constructor returns (every compiler's shape; any other shape gets the object-less call). The inserted code has no branch and leaves the operand
 * stack as it found it, so the method's stack-map frames stay valid (ASM recomputes max stack).
 * A NEW is paired with its constructor call by nesting order, which is how every Java compiler
 * emits them; a constructor call that pairs with no pending NEW is a {@code this(...)} or
 * {@code super(...)} call and is left alone.
 */
final class AllocationMethodVisitor extends MethodVisitor {
    static final String BRIDGE = "dev/heapwise/bootstrap/AllocationBridge";

    private final String className;
    private final String methodName;
    private final String descriptor;
    private final String fileName;
    private final SiteSink sites;
    private final InstanceSizes sizes;
    private final TypePool pool;
    private final ObjectLayout layout;
    private final boolean passObjects;
    private final ArrayDeque<PendingNew> pendingNew = new ArrayDeque<>();
    /** The NEW just visited, until the next instruction shows whether it is the DUP. */
    private PendingNew awaitingDup;
    private int line;
    private int ordinal;

    AllocationMethodVisitor(MethodVisitor next, String className, String methodName, String descriptor,
                            String fileName, SiteSink sites, InstanceSizes sizes, TypePool pool, ObjectLayout layout,
                            boolean passObjects) {
        super(Opcodes.ASM9, next);
        this.passObjects = passObjects;
        this.className = className;
        this.methodName = methodName;
        this.descriptor = descriptor;
        this.fileName = fileName;
        this.sites = sites;
        this.sizes = sizes;
        this.pool = pool;
        this.layout = layout;
    }

    @Override
    public void visitLineNumber(int lineNumber, net.bytebuddy.jar.asm.Label start) {
        line = lineNumber;
        super.visitLineNumber(lineNumber, start);
    }

    /** Every instruction but the DUP after a NEW: that NEW is not followed by its DUP. */
    private void instruction() {
        awaitingDup = null;
    }

    @Override
    public void visitInsn(int opcode) {
        if (opcode == Opcodes.DUP && awaitingDup != null) {
            awaitingDup.dupped = true;
        }
        instruction();
        super.visitInsn(opcode);
    }

    @Override
    public void visitVarInsn(int opcode, int varIndex) {
        instruction();
        super.visitVarInsn(opcode, varIndex);
    }

    @Override
    public void visitFieldInsn(int opcode, String owner, String name, String desc) {
        instruction();
        super.visitFieldInsn(opcode, owner, name, desc);
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String desc, net.bytebuddy.jar.asm.Handle bsm, Object... args) {
        instruction();
        super.visitInvokeDynamicInsn(name, desc, bsm, args);
    }

    @Override
    public void visitJumpInsn(int opcode, net.bytebuddy.jar.asm.Label label) {
        instruction();
        super.visitJumpInsn(opcode, label);
    }

    @Override
    public void visitLdcInsn(Object value) {
        instruction();
        super.visitLdcInsn(value);
    }

    @Override
    public void visitIincInsn(int varIndex, int increment) {
        instruction();
        super.visitIincInsn(varIndex, increment);
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, net.bytebuddy.jar.asm.Label dflt, net.bytebuddy.jar.asm.Label... labels) {
        instruction();
        super.visitTableSwitchInsn(min, max, dflt, labels);
    }

    @Override
    public void visitLookupSwitchInsn(net.bytebuddy.jar.asm.Label dflt, int[] keys, net.bytebuddy.jar.asm.Label[] labels) {
        instruction();
        super.visitLookupSwitchInsn(dflt, keys, labels);
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
        instruction();
        if (opcode == Opcodes.NEW) {
            PendingNew pending = new PendingNew(type);
            pendingNew.push(pending);
            super.visitTypeInsn(opcode, type);
            awaitingDup = pending;
        } else if (opcode == Opcodes.ANEWARRAY) {
            String element = type.startsWith("[") ? Type.getType(type).getClassName() : type.replace('/', '.');
            int site = register(element + "[]", "array");
            super.visitInsn(Opcodes.DUP);
            super.visitTypeInsn(opcode, type);
            afterArray(site, layout.referenceShift());
        } else {
            super.visitTypeInsn(opcode, type);
        }
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
        instruction();
        if (opcode != Opcodes.NEWARRAY) {
            super.visitIntInsn(opcode, operand);
            return;
        }
        int site = register(primitiveName(operand) + "[]", "array");
        super.visitInsn(Opcodes.DUP);
        super.visitIntInsn(opcode, operand);
        afterArray(site, primitiveShift(operand));
    }

    @Override
    public void visitMultiANewArrayInsn(String arrayDescriptor, int dims) {
        instruction();
        int site = register(Type.getType(arrayDescriptor).getClassName(), "multi_array");
        super.visitMultiANewArrayInsn(arrayDescriptor, dims);
        super.visitInsn(Opcodes.DUP);
        push(site);
        push(dims);
        super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "multiArray", "(Ljava/lang/Object;II)V", false);
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String desc, boolean isInterface) {
        instruction();
        super.visitMethodInsn(opcode, owner, name, desc, isInterface);
        PendingNew pending = pendingNew.peek();
        if (opcode == Opcodes.INVOKESPECIAL && "<init>".equals(name) && pending != null && owner.equals(pending.type)) {
            pendingNew.pop();
            int site = register(owner.replace('/', '.'), "object");
            if (passObjects && pending.dupped) {
                // stack: ..., object (the DUP's copy, now constructed)
                super.visitInsn(Opcodes.DUP);
                push(site);
                push(sizes.of(pool, owner));
                super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "trackedObject", "(Ljava/lang/Object;II)V", false);
            } else {
                push(site);
                push(sizes.of(pool, owner));
                super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "object", "(II)V", false);
            }
        }
    }

    /** Stack on entry: length, array. On exit: array. */
    private void afterArray(int site, int shift) {
        if (passObjects) {
            super.visitInsn(Opcodes.DUP_X1); // array, length, array
            super.visitInsn(Opcodes.SWAP); // array, array, length
            push(site);
            push(shift);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "trackedArray", "(Ljava/lang/Object;III)V", false);
            return;
        }
        super.visitInsn(Opcodes.SWAP);
        push(site);
        push(shift);
        super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "array", "(III)V", false);
    }

    /** A NEW whose constructor call is still to come, and whether a DUP followed it at once. */
    private static final class PendingNew {
        final String type;
        boolean dupped;

        PendingNew(String type) {
            this.type = type;
        }
    }

    private int register(String type, String kind) {
        return sites.register(className, methodName, descriptor, ordinal++, fileName, line, type, kind);
    }

    private void push(int value) {
        if (value >= -1 && value <= 5) {
            super.visitInsn(Opcodes.ICONST_0 + value);
        } else if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE) {
            super.visitIntInsn(Opcodes.BIPUSH, value);
        } else if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
            super.visitIntInsn(Opcodes.SIPUSH, value);
        } else {
            super.visitLdcInsn(value);
        }
    }

    private static int primitiveShift(int operand) {
        switch (operand) {
            case Opcodes.T_BOOLEAN: case Opcodes.T_BYTE: return 0;
            case Opcodes.T_CHAR: case Opcodes.T_SHORT: return 1;
            case Opcodes.T_INT: case Opcodes.T_FLOAT: return 2;
            default: return 3;
        }
    }

    private static String primitiveName(int operand) {
        switch (operand) {
            case Opcodes.T_BOOLEAN: return "boolean";
            case Opcodes.T_BYTE: return "byte";
            case Opcodes.T_CHAR: return "char";
            case Opcodes.T_SHORT: return "short";
            case Opcodes.T_INT: return "int";
            case Opcodes.T_FLOAT: return "float";
            case Opcodes.T_LONG: return "long";
            default: return "double";
        }
    }
}
