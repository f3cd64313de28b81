package dev.heapwise.gc;

/**
 * One collection as the JVM reported it. {@code phase} is {@code pause} (the application was
 * stopped for {@code durationMs}) or {@code concurrent} (a cycle that ran beside the application,
 * as ZGC's "Cycles" beans report). Heap figures are null where the collector reports none (ZGC's
 * pause notifications carry only zeros). {@code liveSetAfterBytes} is what the old generation (or
 * the single heap pool) held after the collection.
 */
public record GcEvent(
        long id,
        String collector,
        String action,
        String phase,
        String cause,
        String startTime,
        long durationMs,
        Long heapBeforeBytes,
        Long heapAfterBytes,
        Long reclaimedBytes,
        Long liveSetAfterBytes) {
}
