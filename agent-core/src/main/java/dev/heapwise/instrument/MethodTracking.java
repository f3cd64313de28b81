package dev.heapwise.instrument;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * The per-method allocation advice for one transform: a method is tracked when the patterns say so and
 * the registry still has room (a method it cannot hold is left untouched rather than reported nowhere).
 * The method's id is registered at transform time and baked into the inlined exit advice as a constant.
 */
final class MethodTracking {
    private final MethodPatterns patterns;
    private final MethodSinkRegistry registry;
    /** Built at the first tracked class: reading the advice class takes tens of milliseconds of premain, for nothing when no method is tracked. */
    private volatile Advice advice;

    MethodTracking(MethodPatterns patterns, MethodSinkRegistry registry) {
        this.patterns = patterns;
        this.registry = registry;
    }

    private Advice advice() {
        Advice a = advice;
        if (a == null) {
            Advice.OffsetMapping id = (TypeDescription type, MethodDescription method, Assigner assigner,
                                       Advice.ArgumentHandler arguments, Advice.OffsetMapping.Sort sort) ->
                    Advice.OffsetMapping.Target.ForStackManipulation.of(idOf(type, method));
            a = Advice.withCustomMapping().bind(MethodAllocationAdvice.MethodId.class, id).to(MethodAllocationAdvice.class);
            advice = a; // two threads may both build it: equal advice, no harm
        }
        return a;
    }

    /**
     * True when this type declares a tracked method. Only such classes get the advice: the others are
     * not read with the expanded frames it needs, nor transformed at all when include= leaves them out.
     */
    boolean tracksAnyIn(TypeDescription type) {
        String className = type.getName();
        return !patterns.isEmpty() && patterns.mayTrackIn(className)
                && !type.getDeclaredMethods().filter(m -> candidate(className, m)).isEmpty();
    }

    /** The advice, applied to this type's tracked methods. */
    AsmVisitorWrapper adviceFor(TypeDescription type) {
        String className = type.getName();
        return advice().on(m -> candidate(className, m)
                && registry.register(className, m.getInternalName(), m.getDescriptor()) >= 0);
    }

    private boolean candidate(String className, MethodDescription m) {
        return m.isMethod() && !m.isAbstract() && !m.isNative()
                && patterns.tracks(className, m.getInternalName(), m.getDescriptor());
    }

    private int idOf(TypeDescription type, MethodDescription method) {
        return registry.register(type.getName(), method.getInternalName(), method.getDescriptor());
    }
}
