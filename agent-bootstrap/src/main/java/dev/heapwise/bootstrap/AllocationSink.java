package dev.heapwise.bootstrap;

/**
 * Receives sampled allocations from {@link AllocationBridge}'s slow path. Implemented by the agent
 * (in its own class loader) and installed into the bridge, which lives in the boot loader.
 */
public interface AllocationSink {
    /**
     * One sampled allocation.
     *
     * @param site     the allocation site's id, given at transform time
     * @param size     the allocation's size in bytes
     * @param weight   the bytes this sample stands for: an unbiased estimate whatever the object's size
     * @param interval the mean sampling interval the sample was drawn with
     */
    void sampled(int site, long size, long weight, long interval);
}
