package dev.heapwise.runtime;

import dev.heapwise.profile.SampledAllocation;
import dev.heapwise.sampling.AllocationProfiling;

/** The allocation profiler's figures, as the memory profile asks for them. */
final class SampledAllocationFigures implements SampledAllocation {
    private final AllocationProfiling profiling;

    SampledAllocationFigures(AllocationProfiling profiling) {
        this.profiling = profiling;
    }

    @Override
    public double bytesPerSecond() {
        return profiling.sampledBytesPerSecond();
    }

    @Override
    public Double coverage() {
        return profiling.coverageShare();
    }
}
