package dev.heapwise.compaction;

/**
 * One compaction: a full collection (several under Serial, which gives back only part of the excess at
 * each) with the heap and resident memory before and after. {@code efficiency} is the share of the
 * used heap it freed.
 *
 * @param trigger     "manual" (POST /compaction/compact or /optimize) or "idle" (the tuner, when idle)
 * @param collections the full collections that ran: 0 when the JVM dropped every one asked for
 */
public record Compaction(String time, String trigger, String reason, String collector, int collections,
                         long durationMs, long usedBeforeBytes, long usedAfterBytes, long committedBeforeBytes,
                         long committedAfterBytes, Long rssBeforeBytes, Long rssAfterBytes, long freedBytes,
                         double efficiency, long committedReleasedBytes, Long rssReleasedBytes) {
}
