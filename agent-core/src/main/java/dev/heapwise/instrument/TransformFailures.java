package dev.heapwise.instrument;

import dev.heapwise.log.LogOnce;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The one listener for transforms: counts classes rewritten and classes that could not be (which then
 * load unchanged), and logs each failing class once, at most a bounded number of classes.
 */
public final class TransformFailures extends AgentBuilder.Listener.Adapter {
    private static final Logger LOG = LoggerFactory.getLogger(TransformFailures.class);
    private final LogOnce once = new LogOnce();
    private final AtomicLong transformed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    @Override
    public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded,
                                 DynamicType dynamicType) {
        transformed.incrementAndGet();
    }

    @Override
    public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
        failed.incrementAndGet();
        once.warn(LOG, typeName, "class " + typeName + " could not be instrumented and loads unchanged", error);
    }

    public long transformed() {
        return transformed.get();
    }

    public long failed() {
        return failed.get();
    }
}
