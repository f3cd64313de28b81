package dev.heapwise.gc;

import dev.heapwise.vm.PerfCounters;

import java.lang.ref.WeakReference;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Tells when a collection has marked the old generation: the only moments at which "still reachable"
 * means anything for long-lived objects (young collections never look at old objects, and an old
 * object's weak reference is cleared only when a marking finds it dead). Three sources, whichever the
 * JVM offers, and at most one marking counted per collection reported:
 * <ul>
 *   <li>a notification of a collection that marks the old generation or the whole heap: a full
 *       collection (G1, Parallel, Serial), a ZGC or Shenandoah cycle (a major one where ZGC has
 *       generations);</li>
 *   <li>G1's concurrent cycles, which JDK 17 reports no notification for (and JDK 21+ reports as two
 *       pauses): HotSpot's counter of concurrent-cycle pauses ({@code sun.gc.collector.2.invocations}),
 *       read when the next collection is reported;</li>
 *   <li>where neither is available (G1 without perf data, an unknown collector): canaries. At each
 *       collection a small object is made and held strongly until it has survived more young
 *       collections than any tenuring threshold, then only weakly; a released canary found cleared
 *       means a marking of the old generation completed.</li>
 * </ul>
 * Fed by {@link GcMonitor} with every collection; listeners are called on that thread with the number
 * of markings so far, and must be quick.
 */
public final class OldGenMarkings {
    /** Young collections a canary is held for: above the largest tenuring threshold (15) of any collector. */
    static final int GENERATIONAL_HOLD = 16;
    /** Released canaries kept at most (the oldest are forgotten): enough for hours between markings. */
    private static final int MAX_RELEASED = 64;
    /** G1's "stop-the-world phases" collector in HotSpot's counters: the remark and cleanup pauses of its cycles. */
    static final String G1_CONCURRENT_PAUSES = "sun.gc.collector.2.invocations";
    /** A G1 concurrent cycle's pauses in that counter: remark and cleanup. */
    static final int PAUSES_PER_CYCLE = 2;

    private final LongSupplier concurrentPauses;
    private final boolean canaries;
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private final ArrayDeque<WeakReference<Object>> released = new ArrayDeque<>();
    private final List<LongConsumer> listeners = new CopyOnWriteArrayList<>();
    private long lastConcurrentPauses;
    private volatile long collections;
    private volatile long markings;
    private volatile long lastMarkingMillis;
    private final String source;

    /**
     * @param collectorNames   the names of the JVM's collector beans
     * @param concurrentPauses G1's count of concurrent-cycle pauses so far, or null where it cannot be read
     */
    public OldGenMarkings(List<String> collectorNames, LongSupplier concurrentPauses) {
        boolean g1 = collectorNames.stream().anyMatch(n -> n.startsWith("G1 "));
        boolean known = g1 || collectorNames.stream().map(n -> n.toLowerCase(Locale.ROOT))
                .anyMatch(n -> n.contains("marksweep") || n.contains("zgc") || n.contains("shenandoah"));
        this.concurrentPauses = g1 ? concurrentPauses : null;
        this.canaries = !known || (g1 && concurrentPauses == null);
        this.lastConcurrentPauses = this.concurrentPauses == null ? 0 : Math.max(0, this.concurrentPauses.getAsLong());
        this.source = canaries ? "canaries" : g1 ? "collection notifications and G1's concurrent-cycle counter"
                : "collection notifications";
    }

    /** Over this JVM: G1's concurrent-cycle counter read from HotSpot's perf data where it is published. */
    public static OldGenMarkings forThisJvm(List<String> collectorNames) {
        PerfCounters perf = PerfCounters.open();
        LongSupplier pauses = perf != null && perf.get(G1_CONCURRENT_PAUSES) >= 0 ? () -> perf.get(G1_CONCURRENT_PAUSES) : null;
        return new OldGenMarkings(collectorNames, pauses);
    }

    public void addListener(LongConsumer listener) {
        listeners.add(listener);
    }

    /** One collection reported by the JVM. Returns true when it showed that a marking had completed. */
    public boolean onCollection(GcEvent event, long nowMillis) {
        boolean marked;
        synchronized (this) {
            String name = event.collector().toLowerCase(Locale.ROOT);
            boolean withinCycle = name.contains("pauses") || name.contains("concurrent");
            marked = !withinCycle && GcClassifier.MAJOR.equals(event.action());
            if (concurrentPauses != null && !withinCycle) {
                // Read at the next collection after a cycle. A cycle has two pauses (remark, cleanup) and a
                // young collection can fall between them: counting each rise would count one cycle twice,
                // and an object made while that cycle marked (live to it by construction) would pass for
                // one that survived two markings (a humongous-churning application, measured: garbage
                // 1 MB arrays reported as a critical leak). So a marking is counted every two pauses:
                // then three pauses, whatever their order, separate an object's birth from its second
                // counted marking, and among them is the remark of a cycle that began after it was made.
                long now = concurrentPauses.getAsLong();
                if (now - lastConcurrentPauses >= PAUSES_PER_CYCLE) {
                    marked = true;
                    lastConcurrentPauses = now;
                }
            }
            if (!withinCycle) {
                collections++;
                if (canaries) {
                    marked |= tendCanaries();
                }
            }
            if (marked) {
                markings++;
                lastMarkingMillis = nowMillis;
            }
        }
        if (marked) {
            long m = markings;
            for (LongConsumer l : listeners) {
                l.accept(m);
            }
        }
        return marked;
    }

    /** Checks the released canaries (true when one was cleared), then makes, ages and releases them. */
    private boolean tendCanaries() {
        boolean cleared = false;
        for (Iterator<WeakReference<Object>> it = released.iterator(); it.hasNext(); ) {
            if (it.next().get() == null) {
                it.remove();
                cleared = true;
            }
        }
        held.addLast(new Held(new Object(), collections));
        while (!held.isEmpty() && collections - held.peekFirst().bornAt >= GENERATIONAL_HOLD) {
            released.addLast(new WeakReference<>(held.pollFirst().canary));
        }
        while (released.size() > MAX_RELEASED) {
            released.pollFirst();
        }
        return cleared;
    }

    public long markings() {
        return markings;
    }

    /** Collections that age objects (pauses inside a cycle excluded). */
    public long collections() {
        return collections;
    }

    /** Epoch milliseconds of the newest marking, 0 before the first. */
    public long lastMarkingMillis() {
        return lastMarkingMillis;
    }

    /** How markings are told on this JVM, for reports. */
    public String source() {
        return source;
    }

    private record Held(Object canary, long bornAt) {
    }
}
