package dev.heapwise.instrument;

import dev.heapwise.log.LogOnce;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.jar.asm.MethodTooLargeException;
import net.bytebuddy.utility.JavaModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The one listener for transforms: counts classes rewritten and classes that could not be (which then
 * load unchanged), and logs each failing class once, at most a bounded number of classes. A method that
 * outgrew the 64 KB code limit once rewritten is recorded instead, and the class is transformed again
 * with that method left as it is ({@link OversizedRetryTransformer}).
 */
public final class TransformFailures extends AgentBuilder.Listener.Adapter {
    private static final Logger LOG = LoggerFactory.getLogger(TransformFailures.class);
    private final LogOnce once = new LogOnce();
    private final AtomicLong transformed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final OversizedMethods oversized;

    TransformFailures(OversizedMethods oversized) {
        this.oversized = oversized;
    }

    @Override
    public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded,
                                 DynamicType dynamicType) {
        transformed.incrementAndGet();
    }

    @Override
    public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
        if (error instanceof MethodTooLargeException) {
            MethodTooLargeException tooLarge = (MethodTooLargeException) error;
            String owner = tooLarge.getClassName().replace('/', '.');
            if (oversized.record(owner, tooLarge.getMethodName(), tooLarge.getDescriptor())) {
                once.info(LOG, owner + '.' + tooLarge.getMethodName(), "method " + owner + '.'
                        + tooLarge.getMethodName() + tooLarge.getDescriptor() + " would exceed the JVM's 64 KB code"
                        + " limit with its allocation sites rewritten: it is left as it is (its allocations are not"
                        + " sampled) and the rest of its class is rewritten");
                return;
            }
        }
        failed.incrementAndGet();
        once.warn(LOG, typeName, "class " + typeName + " could not be instrumented and loads unchanged", error);
    }

    public long transformed() {
        return transformed.get();
    }

    /** Methods left unrewritten because rewriting them would exceed the code size limit. */
    public long oversizedMethods() {
        return oversized.count();
    }

    public long failed() {
        return failed.get();
    }
}
