package dev.heapwise.profile;

/** What allocation sampling adds to a profile: its estimated allocation rate and its coverage. */
public interface SampledAllocation {
    /** Estimated bytes allocated per second by instrumented code since the last reset. */
    double bytesPerSecond();

    /** The share of the JVM's allocation that sampling sees, or null before anything was allocated. */
    Double coverage();
}
