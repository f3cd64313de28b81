package dev.heapwise.leak;

import dev.heapwise.gc.OldGenMarkings;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Asks for an old-generation marking when the leak patterns need one and the collector is not giving
 * any: the old generation has grown by more than {@link #minGrowthBytes} since the last marking, and
 * none came for {@code leakConfirmInterval}. Only a marking tells a leak from garbage that reached the
 * old generation, and G1 (until its occupancy threshold), Parallel and Serial (until the old
 * generation is full) may not mark for a long time: the heap patterns would wait as long. The price is
 * one full collection per interval at most, and only while the old generation keeps growing unmarked;
 * off ({@code 0}) in the prod profile.
 */
public final class MarkingRequests {
    private final long intervalMs;
    private final OldGenMarkings markings;
    private final LongSupplier oldGenUsed;
    private final long minGrowthBytes;
    private final Runnable collect;
    private final long startMs;
    private long usedAtLastMarking = -1;
    private long lastRequestMs;
    private long requests;

    /**
     * @param oldGenUsed bytes in use now in the pools that hold the live set (the old generation)
     * @param collect    runs one collection that marks the old generation
     */
    public MarkingRequests(long intervalMs, OldGenMarkings markings, LongSupplier oldGenUsed, long minGrowthBytes,
                           Runnable collect, long startMs) {
        this.intervalMs = intervalMs;
        this.markings = markings;
        this.oldGenUsed = oldGenUsed;
        this.minGrowthBytes = minGrowthBytes;
        this.collect = collect;
        this.startMs = startMs;
        markings.addListener(m -> markingSeen());
    }

    private synchronized void markingSeen() {
        usedAtLastMarking = oldGenUsed.getAsLong();
    }

    /** Called on the leak sampling schedule; returns true when it asked for a collection. */
    public boolean check(long nowMs) {
        if (intervalMs <= 0) {
            return false;
        }
        synchronized (this) {
            long since = Math.max(Math.max(markings.lastMarkingMillis(), lastRequestMs), startMs);
            if (nowMs - since < intervalMs) {
                return false;
            }
            long used = oldGenUsed.getAsLong();
            long base = usedAtLastMarking < 0 ? 0 : usedAtLastMarking;
            if (used - base < minGrowthBytes) {
                return false;
            }
            lastRequestMs = nowMs;
            requests++;
        }
        collect.run();
        return true;
    }

    public synchronized Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("interval_ms", intervalMs);
        m.put("min_growth_bytes", minGrowthBytes);
        m.put("collections_requested", requests);
        return m;
    }
}
