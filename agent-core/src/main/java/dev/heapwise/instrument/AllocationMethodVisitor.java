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
 *   <li>{@code NEWARRAY}/{@code ANEWARRAY}: just before the array is allocated,
 *       {@code AllocationBridge.array(length, site, elementShift)} on a copy of the length. Before, not
 *       after: C2 skips zeroing a new array that an arraycopy fills right away, but only when nothing
 *       stands between the two (a "tightly coupled" allocation); the report's branch and out-of-line
 *       call in between made it zero every such array before the copy overwrote it;</li>
 *   <li>{@code MULTIANEWARRAY}: {@code AllocationBridge.multiArray(array, site, dims)}.</li>
 * </ul>
 * Only the site id and the size reach the bridge, never a new object, so escape analysis can still
 * remove allocations that do not escape (survivor tracking reads the JVM's own old-object samples
 * instead of holding objects from here). The inserted code has no branch and leaves the operand
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
    /** The types of the NEWs whose constructor calls are still to come, innermost first. */
    private final ArrayDeque<String> pendingNew = new ArrayDeque<>();
    private int line;
    private int ordinal;

    AllocationMethodVisitor(MethodVisitor next, String className, String methodName, String descriptor,
                            String fileName, SiteSink sites, InstanceSizes sizes, TypePool pool, ObjectLayout layout) {
        super(Opcodes.ASM9, next);
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

    @Override
    public void visitTypeInsn(int opcode, String type) {
        if (opcode == Opcodes.NEW) {
            pendingNew.push(type);
            super.visitTypeInsn(opcode, type);
        } else if (opcode == Opcodes.ANEWARRAY) {
            String element = type.startsWith("[") ? Type.getType(type).getClassName() : type.replace('/', '.');
            beforeArray(register(element + "[]", "array"), layout.referenceShift());
            super.visitTypeInsn(opcode, type);
        } else {
            super.visitTypeInsn(opcode, type);
        }
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
        if (opcode != Opcodes.NEWARRAY) {
            super.visitIntInsn(opcode, operand);
            return;
        }
        beforeArray(register(primitiveName(operand) + "[]", "array"), primitiveShift(operand));
        super.visitIntInsn(opcode, operand);
    }

    @Override
    public void visitMultiANewArrayInsn(String arrayDescriptor, int dims) {
        int site = register(Type.getType(arrayDescriptor).getClassName(), "multi_array");
        super.visitMultiANewArrayInsn(arrayDescriptor, dims);
        super.visitInsn(Opcodes.DUP);
        push(site);
        push(dims);
        super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "multiArray", "(Ljava/lang/Object;II)V", false);
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String desc, boolean isInterface) {
        super.visitMethodInsn(opcode, owner, name, desc, isInterface);
        if (opcode == Opcodes.INVOKESPECIAL && "<init>".equals(name) && owner.equals(pendingNew.peek())) {
            pendingNew.pop();
            int site = register(owner.replace('/', '.'), "object");
            push(site);
            push(sizes.of(pool, owner));
            super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "object", "(II)V", false);
        }
    }

    /** Stack on entry and on exit: length (the array instruction comes next). */
    private void beforeArray(int site, int shift) {
        super.visitInsn(Opcodes.DUP);
        push(site);
        push(shift);
        super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "array", "(III)V", false);
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
