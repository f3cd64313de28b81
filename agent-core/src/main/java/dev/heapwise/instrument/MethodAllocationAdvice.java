package dev.heapwise.instrument;

import dev.heapwise.bootstrap.MethodBridge;
import net.bytebuddy.asm.Advice;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Inlined by Byte Buddy into each tracked method: the thread's allocated bytes on entry, and on exit
 * (by return or by exception) the difference, reported with the method's id. Both calls go to the
 * bridge in the boot loader, which any class can see. {@code suppress} keeps a failure of the advice
 * itself from ever reaching the method.
 */
final class MethodAllocationAdvice {
    private MethodAllocationAdvice() {
    }

    /** Bound to the tracked method's id, a constant chosen at transform time. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    @interface MethodId {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static long enter() {
        return MethodBridge.enter();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@MethodId int id, @Advice.Enter long start) {
        MethodBridge.exit(id, start);
    }
}
