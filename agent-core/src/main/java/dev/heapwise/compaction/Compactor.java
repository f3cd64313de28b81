package dev.heapwise.compaction;

import dev.heapwise.profile.ProcStatus;
import dev.heapwise.util.RingBuffer;
import dev.heapwise.util.Units;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Compacts the heap on request: a full collection, with used, committed and resident memory before
 * and after, kept in a bounded history with running totals. One at a time; manual ones have a
 * cool-down ({@link CoolingDown} says how long is left). Resident memory after is the lowest seen
 * over {@value #RSS_SETTLE_MS} ms: G1's committed heap falls at once, RSS about a second later.
 */
public final class Compactor {
    private static final Logger LOG = LoggerFactory.getLogger(Compactor.class);
    static final long RSS_SETTLE_MS = 1500;
    private static final int MAX_STEPS = 4;
    /** Requests of one collection the JVM may drop before the compactor gives up on it (see {@link WholeHeapCollections}). */
    static final int MAX_REQUESTS = 5;
    static final long RETRY_PAUSE_MS = 50;

    private final String collector;
    private final boolean stepwise;
    private final MemoryMXBean memory;
    private final ProcStatus proc;
    private final Runnable collection;
    private final LongSupplier fullCollections;
    private final long cooldownMs;
    private final LongSupplier nanoTime;
    private final Supplier<Instant> clock;
    private final RingBuffer<Compaction> history;
    private long lastManualNanos;
    private boolean anyManual;
    private long count;
    private long manualCount;
    private long freedTotal;
    private long releasedTotal;
    private long durationTotal;

    /** The cool-down of manual compactions has not passed: retry after {@code retryAfterMs}. */
    public static final class CoolingDown extends Exception {
        private static final long serialVersionUID = 1L;
        private final long retryAfterMs;

        CoolingDown(long retryAfterMs) {
            super("a compaction ran less than the cool-down ago; retry in " + (retryAfterMs + 999) / 1000 + " s", null, false, false);
            this.retryAfterMs = retryAfterMs;
        }

        public long retryAfterMs() {
            return retryAfterMs;
        }
    }

    /**
     * @param stepwise   the collector gives back only part of the excess at each full collection
     *                   (Serial): collect again, up to four times, until little unused heap is left
     * @param collection      the full collection itself
     * @param fullCollections the JVM's count of full collections so far, to see that one ran; negative where
     *                        it cannot tell
     */
    public Compactor(String collector, boolean stepwise, MemoryMXBean memory, ProcStatus proc, Runnable collection,
                     LongSupplier fullCollections, long cooldownMs, int historySize, LongSupplier nanoTime, Supplier<Instant> clock) {
        this.collector = collector;
        this.stepwise = stepwise;
        this.memory = memory;
        this.proc = proc;
        this.collection = collection;
        this.fullCollections = fullCollections;
        this.cooldownMs = cooldownMs;
        this.nanoTime = nanoTime;
        this.clock = clock;
        this.history = new RingBuffer<>(historySize);
    }

    /** A compaction an operator asked for; refused within the cool-down of the previous manual one. */
    public synchronized Compaction manual(String reason) throws CoolingDown {
        long now = nanoTime.getAsLong();
        if (anyManual) {
            long left = cooldownMs - (now - lastManualNanos) / 1_000_000;
            if (left > 0) {
                throw new CoolingDown(left);
            }
        }
        anyManual = true;
        lastManualNanos = now;
        manualCount++;
        return compact("manual", reason);
    }

    /** A compaction the agent decided on (idle, much heap unused). */
    public synchronized Compaction automatic(String reason) {
        return compact("idle", reason);
    }

    private Compaction compact(String trigger, String reason) {
        MemoryUsage before = memory.getHeapMemoryUsage();
        Long rssBefore = proc.read().rssBytes();
        long t0 = nanoTime.getAsLong();
        int steps = 0;
        int collections = 0;
        MemoryUsage after = before;
        do {
            long committed = after.getCommitted();
            collections += collectOnce();
            steps++;
            after = memory.getHeapMemoryUsage();
            // Serial gives back only part of the excess at each full collection, and nothing at the first
            // (its shrink factor goes 0, 10%, 40%, 100%): go on until little is left to give
            if (after.getCommitted() < committed && after.getCommitted() - after.getUsed() < after.getCommitted() / 4) {
                break;
            }
        } while (stepwise && steps < MAX_STEPS);
        long durationMs = (nanoTime.getAsLong() - t0) / 1_000_000;
        Long rssAfter = settledRss();
        long freed = Math.max(0, before.getUsed() - after.getUsed());
        long released = Math.max(0, before.getCommitted() - after.getCommitted());
        Compaction c = new Compaction(clock.get().toString(), trigger, reason, collector, collections, durationMs,
                before.getUsed(), after.getUsed(), before.getCommitted(), after.getCommitted(), rssBefore, rssAfter,
                freed, before.getUsed() == 0 ? 0 : Units.round3(freed / (double) before.getUsed()), released,
                rssBefore == null || rssAfter == null ? null : rssBefore - rssAfter);
        count++;
        freedTotal += freed;
        releasedTotal += released;
        durationTotal += durationMs;
        history.add(c);
        LOG.info("compaction ({}): {} full collection(s) in {} ms freed {} of {} used ({}); committed heap {} -> {}{}",
                trigger, collections, durationMs, Units.bytes(freed), Units.bytes(before.getUsed()), Units.percent(c.efficiency()),
                Units.bytes(before.getCommitted()), Units.bytes(after.getCommitted()),
                rssAfter == null ? "" : "; RSS " + Units.bytes(rssBefore) + " -> " + Units.bytes(rssAfter));
        return c;
    }

    /**
     * One full collection, asked for again (after a short pause) when the JVM's count shows it was dropped.
     * Returns the collections that ran: 1, or 0 when every request was dropped (logged), or 1 where the
     * count cannot tell.
     */
    private int collectOnce() {
        long before = fullCollections.getAsLong();
        for (int request = 1; ; request++) {
            collection.run();
            long now = fullCollections.getAsLong();
            if (before < 0 || now < 0 || now != before) {
                return 1;
            }
            if (request == MAX_REQUESTS) {
                LOG.warn("the JVM ran none of {} full collections asked for (a thread held the GC locker each time?)",
                        MAX_REQUESTS);
                return 0;
            }
            pause(RETRY_PAUSE_MS);
        }
    }

    /** Sleeps; false when interrupted (the flag kept for the caller's caller). */
    private static boolean pause(long ms) {
        try {
            Thread.sleep(ms);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The lowest RSS over the settle time (the kernel frees the pages after the collector uncommits them). */
    private Long settledRss() {
        Long rss = proc.read().rssBytes();
        if (rss == null) {
            return null;
        }
        long deadline = System.nanoTime() + RSS_SETTLE_MS * 1_000_000; // real time: the kernel's, not a test clock's
        while (System.nanoTime() - deadline < 0) {
            if (!pause(250)) {
                break;
            }
            Long next = proc.read().rssBytes();
            if (next != null && next < rss) {
                rss = next;
            }
        }
        return rss;
    }

    public List<Compaction> history(int limit) {
        return history.newest(limit);
    }

    public int historyCapacity() {
        return history.capacity();
    }

    /** Totals since start, the newest compaction and the cool-down left for a manual one. */
    public synchronized Map<String, Object> stats() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("collector", collector);
        m.put("compactions", count);
        m.put("manual", manualCount);
        m.put("automatic", count - manualCount);
        m.put("freed_bytes_total", freedTotal);
        m.put("committed_released_bytes_total", releasedTotal);
        m.put("duration_ms_total", durationTotal);
        m.put("cooldown_ms", cooldownMs);
        long left = anyManual ? Math.max(0, cooldownMs - (nanoTime.getAsLong() - lastManualNanos) / 1_000_000) : 0;
        m.put("cooldown_remaining_ms", left);
        m.put("last", history.last());
        return m;
    }
}
