package dev.heapwise.it.workloads;

/**
 * One real-library (or allocation-shaped) workload, usable two ways by {@link WorkloadRunner}:
 * as a benchmark ({@link #operation} in a timed loop) and as a correctness exercise ({@link #digest}:
 * a fixed amount of varied work whose every result is fed to a {@link Digest}, so that a run under
 * instrumentation can be compared byte for byte with a plain run).
 */
public interface Workload {
    /** Short lower-case name, as the RESULT and DIGEST lines print it. */
    String name();

    /** Builds whatever both modes need (a database, an index, input data); not timed. */
    default void setUp() throws Exception {
    }

    /**
     * One unit of benchmark work, with {@code i} counting up from 0 across warm-up and measurement.
     * Returns a value derived from the work, which the runner folds into a sink so the JIT cannot drop it.
     */
    long operation(long i) throws Exception;

    /** The deterministic exercise: same input, same sequence of results, on every run of the same JDK. */
    void digest(Digest digest) throws Exception;

    default void tearDown() throws Exception {
    }
}
