package dev.heapwise.leak;

import java.util.List;
import java.util.Map;

/**
 * One way memory can leak, judged on its own evidence. {@link #sample} is called every
 * {@code leakSampleInterval} to read cheap gauges (patterns fed by collections ignore it);
 * {@link #detect} judges the evidence so far. Implementations guard their own state: they are called
 * from the agent's scheduler, the GC notification thread and HTTP threads.
 */
public interface LeakPattern {
    /** The pattern's name, as listed at /leaks/patterns (heap-growth, surviving-allocations, ...). */
    String name();

    boolean enabled();

    /** The thresholds and switches, for /leaks/patterns. */
    Map<String, Object> settings();

    default void sample(long nowMs) throws Exception {
    }

    /** False for a pattern that finds waste, not leaks (idle-heap): its findings are reported apart from the suspects. */
    default boolean findsLeaks() {
        return true;
    }

    List<Finding> detect(long nowMs);
}
