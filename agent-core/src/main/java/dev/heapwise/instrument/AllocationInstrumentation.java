package dev.heapwise.instrument;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.Nexus;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.instrument.Instrumentation;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Installs the allocation rewriter: a Byte Buddy AgentBuilder that decorates classes (no member is
 * added or changed, only method bodies) with the ASM visitor, describing types from their class files
 * so nothing is loaded inside a transform. At premain nothing is loaded yet, so the transformer is
 * registered without retransformation (the JVM then need not keep every class's original bytes); on a
 * late attach, the classes already loaded that match are retransformed.
 */
public final class AllocationInstrumentation {
    private static final Logger LOG = LoggerFactory.getLogger(AllocationInstrumentation.class);
    private final ResettableClassFileTransformer transformer;
    private final TransformFailures listener;

    private AllocationInstrumentation(ResettableClassFileTransformer transformer, TransformFailures listener) {
        this.transformer = transformer;
        this.listener = listener;
    }

    /**
     * @param methods  which methods have their allocated bytes per invocation tracked
     * @param methodIds where tracked methods are registered
     */
    public static AllocationInstrumentation install(Instrumentation inst, ClassFilter filter, SiteSink sites,
                                                    MethodPatterns methods, MethodSinkRegistry methodIds,
                                                    ObjectLayout layout, boolean lateAttach) {
        OversizedMethods oversized = new OversizedMethods();
        TransformFailures listener = new TransformFailures(oversized);
        // The rewriter adds no initialiser to any class (InitializationStrategy.NoOp below), so Byte Buddy's
        // nexus is never needed; left enabled, constructing the AgentBuilder injects a class of Byte Buddy's
        // into the application's class loader, and takes a third of premain (measured) doing so.
        System.setProperty(Nexus.PROPERTY, "true");
        // Declared methods only: the rewriter never needs the inherited method graph, and compiling it walks
        // (and describes) the whole type hierarchy of every class: measured, two thirds of transform time.
        ByteBuddy byteBuddy = new ByteBuddy().with(TypeValidation.DISABLED)
                .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE);
        AgentBuilder builder = new AgentBuilder.Default(byteBuddy)
                .disableClassFormatChanges()
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                .with(AgentBuilder.DescriptionStrategy.Default.POOL_ONLY)
                .with(AgentBuilder.PoolStrategy.Default.FAST)
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .with(listener)
                .with((AgentBuilder.TransformerDecorator) t -> new OversizedRetryTransformer(t, oversized))
                // the outermost decorator: what it refuses never reaches Byte Buddy
                .with((AgentBuilder.TransformerDecorator) t -> new EligibleClassesOnly(t, filter))
                .assureReadEdgeTo(inst, bridgeClass());
        // The JVM runs the transformers that cannot retransform (JaCoCo's, most profilers') before those that can,
        // and among the first, the agents' in the order of their -javaagent flags. An agent given after heapwise
        // would see the classes as rewritten, and one that identifies a class by its bytes fails: JaCoCo's coverage
        // read 0.07% of instructions against 21%. Then heapwise registers as able to retransform, so it runs last.
        // Only then: the JVM keeps a copy of the original bytes of every class such a transformer changes (64 MB
        // of native memory for a compiler's 8,900 classes, measured), a cost the usual order need not pay.
        List<String> later = lateAttach ? List.of() : LaterJavaAgents.after(LaterJavaAgents.ownJar(),
                ManagementFactory.getRuntimeMXBean().getInputArguments());
        if (!later.isEmpty()) {
            LOG.info("Java agents given after heapwise ({}): they see each class as compiled, since heapwise's rewriter"
                    + " runs after them; the JVM then keeps each rewritten class's original bytes (about 7 KB a class)."
                    + " Give heapwise last to spare that memory", String.join(", ", later));
        }
        AgentBuilder configured = lateAttach || !later.isEmpty()
                ? builder.with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(AgentBuilder.RedefinitionStrategy.DiscoveryStrategy.Reiterating.INSTANCE)
                : builder.with(AgentBuilder.RedefinitionStrategy.DISABLED);
        AllocationVisitorWrapper rewriter = new AllocationVisitorWrapper(sites, layout, oversized);
        MethodTracking tracking = new MethodTracking(methods, methodIds);
        ResettableClassFileTransformer transformer = configured
                .ignore((type, loader, module, classBeingRedefined, pd) -> !filter.eligible(type.getName(), loader,
                        module == null || !module.isNamed() ? null : module.getActualName()))
                .type((type, loader, module, classBeingRedefined, pd) ->
                        filter.included(type.getName()) || tracking.tracksAnyIn(type))
                .transform((b, type, loader, module, pd) -> {
                    DynamicType.Builder<?> out = filter.included(type.getName()) ? b.visit(rewriter) : b;
                    return tracking.tracksAnyIn(type) ? out.visit(tracking.adviceFor(type)) : out;
                })
                .installOn(inst);
        return new AllocationInstrumentation(transformer, listener);
    }

    private static Class<?> bridgeClass() {
        return dev.heapwise.bootstrap.AllocationBridge.class;
    }

    public TransformFailures listener() {
        return listener;
    }

    /** Stops rewriting classes loaded from now on (already rewritten classes stay as they are). */
    public void uninstall(Instrumentation inst) {
        transformer.reset(inst, AgentBuilder.RedefinitionStrategy.DISABLED);
    }
}
