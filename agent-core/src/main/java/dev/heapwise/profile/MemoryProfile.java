package dev.heapwise.profile;

import java.util.List;

/**
 * One immutable reading of the JVM's memory, as served at {@code /v1/memory/profile} and kept in the
 * history. Sizes in bytes, times in milliseconds; a figure the platform cannot give is null.
 */
public record MemoryProfile(
        String timestamp,
        long uptimeMs,
        Heap heap,
        NonHeap nonHeap,
        List<Pool> pools,
        List<BufferPool> bufferPools,
        Threads threads,
        Classes classes,
        ProcessMemory process,
        FileDescriptors fileDescriptors,
        RssBreakdown rssBreakdown,
        Allocation allocation,
        GcActivity gc) {

    /** Heap totals. {@code usedAfterGcBytes}: heap in use right after the newest collection that reported it. */
    public record Heap(long usedBytes, long committedBytes, long maxBytes, Long usedAfterGcBytes) {
    }

    public record NonHeap(long usedBytes, long committedBytes) {
    }

    /** One memory pool; {@code usedAfterGcBytes} is null for pools no collector manages (metaspace, code cache). */
    public record Pool(String name, String type, String kind, long usedBytes, long committedBytes, Long maxBytes,
                       Long usedAfterGcBytes, long peakUsedBytes) {
    }

    public record BufferPool(String name, long count, long usedBytes, long capacityBytes) {
    }

    public record Threads(int live, int daemon, int peak, long startedTotal) {
    }

    public record Classes(int loaded, long unloaded, long loadedTotal) {
    }

    /**
     * From {@code /proc/self/status}; {@code available} is false (and every figure null) where that
     * file does not exist. Under ZGC most of the heap shows as {@code rssShmemBytes}: it is mapped
     * several times, so RSS can be far above the committed heap.
     */
    public record ProcessMemory(boolean available, Long rssBytes, Long peakRssBytes, Long vmSizeBytes,
                                Long rssAnonBytes, Long rssFileBytes, Long rssShmemBytes, Long swapBytes) {
        public static ProcessMemory unavailable() {
            return new ProcessMemory(false, null, null, null, null, null, null, null);
        }
    }

    /** Open file descriptors and the process's limit on them (its soft limit, which the JVM raises to the hard one); null where unknown. */
    public record FileDescriptors(Long open, Long max) {
        public static final FileDescriptors UNKNOWN = new FileDescriptors(null, null);

        /** The share of the limit open, null where either is unknown. */
        public Double share() {
            return open == null || max == null ? null : open / (double) max;
        }
    }

    /**
     * Where the resident memory goes, as far as the JVM can say: committed heap, metaspace (with the
     * compressed class space), code cache, direct and mapped buffers, and what remains unexplained
     * (thread stacks, GC structures, native libraries, malloc). Null when RSS is unavailable.
     */
    public record RssBreakdown(long rssBytes, long heapCommittedBytes, long metaspaceCommittedBytes,
                               long codeCacheCommittedBytes, long bufferBytes, long otherNonHeapCommittedBytes,
                               long unattributedBytes, String note) {
    }

    /**
     * Allocation derived from the JVM's per-thread allocated-bytes counters, including threads that
     * have since ended. {@code bytesPerSecond} covers the time since the previous reading; null on the
     * first reading or where the counters are unsupported. {@code sampledBytesPerSecond} is the
     * allocation sampler's estimate since its last reset and {@code coverage} the share of the JVM's
     * allocation it sees; both null when allocation profiling is off.
     */
    public record Allocation(boolean available, Long totalBytes, Double bytesPerSecond, Double windowMs,
                             Double sampledBytesPerSecond, Double coverage) {
    }

    /** Collections and the share of wall time in GC pauses, over the last interval and since start. */
    public record GcActivity(long collections, long pauses, long pauseTimeMs, long concurrentTimeMs,
                             Double collectionsPerMinute, Double pauseTimeShare, double pauseTimeShareSinceStart) {
    }
}
