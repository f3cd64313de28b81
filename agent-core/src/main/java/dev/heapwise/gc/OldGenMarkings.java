package dev.heapwise.gc;

import java.lang.ref.WeakReference;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;

/**
 * Tells when a collection has marked the old generation: the only moments at which "still reachable"
 * means anything for long-lived objects. Young collections never look at old objects, and G1 reclaims
 * old garbage in concurrent cycles that JDK 17 reports no notification for; what every collector does
 * alike is clear the weak reference to an unreachable old object when (and only when) it has marked
 * the old generation. So: canaries. At each collection a small object is made and held strongly until
 * it has survived more young collections than any tenuring threshold (so it sits in the old
 * generation), then only weakly; when a released canary is found cleared, a marking of the old
 * generation has completed. Single-generation collectors (non-generational ZGC, Shenandoah) mark the
 * whole heap every cycle: their canaries are released at once.
 *
 * <p>Fed by {@link GcMonitor} with every collection; listeners are called on that thread with the number
 * of markings seen so far, and must be quick.
 */
public final class OldGenMarkings {
    /** Young collections a canary is held for: above the largest tenuring threshold (15) of any collector. */
    static final int GENERATIONAL_HOLD = 20;
    /** Released canaries kept at most (the oldest are forgotten): enough for hours between markings. */
    private static final int MAX_RELEASED = 64;

    private final int hold;
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private final ArrayDeque<WeakReference<Object>> released = new ArrayDeque<>();
    private final List<LongConsumer> listeners = new CopyOnWriteArrayList<>();
    private volatile long collections;
    private volatile long markings;
    private volatile long lastMarkingMillis;

    /** @param collectorNames the names of the JVM's collector beans, to tell a single-generation collector */
    public OldGenMarkings(List<String> collectorNames) {
        this.hold = singleGeneration(collectorNames) ? 0 : GENERATIONAL_HOLD;
    }

    /**
     * True for collectors that mark the whole heap every cycle: beans named "... Cycles" with no
     * minor/major split (ZGC before generations, Shenandoah).
     */
    static boolean singleGeneration(List<String> names) {
        boolean cycles = false;
        for (String n : names) {
            String l = n.toLowerCase(Locale.ROOT);
            if (l.contains("minor") || l.contains("major") || l.contains("young") || l.contains("old")) {
                return false;
            }
            cycles |= l.endsWith(" cycles");
        }
        return cycles;
    }

    public void addListener(LongConsumer listener) {
        listeners.add(listener);
    }

    /** One collection reported by the JVM. Returns true when it showed that a marking had completed. */
    public boolean onCollection(GcEvent event, long nowMillis) {
        boolean marked;
        synchronized (this) {
            marked = checkReleased();
            if (countsAsCollection(event.collector())) {
                collections++;
                held.addLast(new Held(new Object(), collections));
                while (!held.isEmpty() && collections - held.peekFirst().bornAt >= hold) {
                    released.addLast(new WeakReference<>(held.pollFirst().canary));
                }
                while (released.size() > MAX_RELEASED) {
                    released.pollFirst();
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

    /** True when a released canary was cleared; cleared ones are dropped. */
    private boolean checkReleased() {
        boolean any = false;
        for (Iterator<WeakReference<Object>> it = released.iterator(); it.hasNext(); ) {
            if (it.next().get() == null) {
                it.remove();
                any = true;
            }
        }
        return any;
    }

    /**
     * Collections that age objects: every stop-the-world collection and every concurrent cycle, but not
     * the pauses inside a cycle (ZGC's "Pauses" beans, G1's "Concurrent GC" remark and cleanup).
     */
    private static boolean countsAsCollection(String collector) {
        String l = collector.toLowerCase(Locale.ROOT);
        return !l.contains("pauses") && !l.contains("concurrent");
    }

    public long markings() {
        return markings;
    }

    public long collections() {
        return collections;
    }

    /** Epoch milliseconds of the newest marking, 0 before the first. */
    public long lastMarkingMillis() {
        return lastMarkingMillis;
    }

    private record Held(Object canary, long bornAt) {
    }
}
