package dev.heapwise.leak;

import dev.heapwise.util.Units;

import java.lang.management.MemoryUsage;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * idle-heap: not a leak but waste: the committed heap stays far above what the application keeps
 * (the live set after the newest collection) for a long time, typically after a burst, when no
 * collection runs to give it back. Reported here at severity info, for the tuner to act on.
 */
public final class IdleHeapPattern extends SwitchedPattern {
    public static final String NAME = "idle-heap";
    private static final int POINTS = 512;

    private final Supplier<MemoryUsage> heap;
    private final LongSupplier usedAfterGc;
    private final long minWasteBytes;
    private final long minDurationMs;
    private final long windowMs;
    private final Series waste = new Series(POINTS);
    private long wastingSince = -1;
    private long committed;
    private long live;

    /** @param usedAfterGc heap in use after the newest collection, or -1 before the first */
    public IdleHeapPattern(boolean enabled, Supplier<MemoryUsage> heap, LongSupplier usedAfterGc, long minWasteBytes,
                           long minDurationMs, long windowMs) {
        super(NAME, enabled);
        this.heap = heap;
        this.usedAfterGc = usedAfterGc;
        this.minWasteBytes = minWasteBytes;
        this.minDurationMs = minDurationMs;
        this.windowMs = windowMs;
    }

    @Override
    public boolean findsLeaks() {
        return false;
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("min_waste_bytes", minWasteBytes);
        m.put("min_waste_share_of_committed", 0.5);
        m.put("min_duration_ms", minDurationMs);
        return m;
    }

    @Override
    public void sample(long nowMs) {
        MemoryUsage h = heap.get();
        long after = usedAfterGc.getAsLong();
        long kept = after >= 0 ? after : h.getUsed();
        long unused = Math.max(0, h.getCommitted() - kept);
        synchronized (this) {
            committed = h.getCommitted();
            live = kept;
            waste.add(nowMs, unused);
            boolean wasting = unused >= minWasteBytes && unused * 2 >= h.getCommitted();
            if (!wasting) {
                wastingSince = -1;
            } else if (wastingSince < 0) {
                wastingSince = nowMs;
            }
        }
    }

    @Override
    public synchronized List<Finding> detect(long nowMs) {
        if (wastingSince < 0 || nowMs - wastingSince < minDurationMs) {
            return List.of();
        }
        long unused = Math.round(waste.lastValue());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("committed_bytes", committed);
        details.put("live_bytes", live);
        details.put("unused_committed_bytes", unused);
        details.put("wasting_since", Instant.ofEpochMilli(wastingSince).toString());
        details.put("handed_to", "the GC tuner (idle heap is what it gives back)");
        String summary = String.format("%s of committed heap unused for %s (%s committed, %s live)",
                Units.bytes(unused), Units.minutes((nowMs - wastingSince) / 60_000.0), Units.bytes(committed), Units.bytes(live));
        return List.of(new Finding(NAME, "heap", "heap", Severity.INFO, 1.0, 0, unused, "bytes", summary, details,
                waste.points(nowMs, windowMs)));
    }
}
