package dev.heapwise.tuner;

import dev.heapwise.util.Units;

/**
 * Gives a G1 heap that was given back while idle its busy size again as soon as the application is
 * busy again. Without it the next burst starts on the small heap the idle spell left and regrows it
 * through many collections into freshly committed memory: measured on a bursty application, its later
 * busy phases ran 15-30% slower than on a JVM that kept the heap committed. A raised MinHeapFreeRatio
 * lets G1 expand to the remembered busy size at its next remark (or full collection) in one step.
 *
 * <p>G1 sizes the heap at a remark to the heap in use then over one minus the ratio, and the heap in
 * use grows fast early in a burst: a ratio fitted once to the first busy reading grew the heap to twice
 * its busy size (to -Xmx) on JDK 17 and 25. So while engaged and the heap not yet back, the ratio
 * follows the heap in use down, and is handed back once the JVM's own ratio would regrow the heap.
 * Whether to engage at all is judged on how far the heap was given back, not on where G1's own
 * expansion has taken it by the first busy pass (at 90 MB/s G1 grew a 46 MB heap to 290 MB within a
 * second); only a heap already back near its busy size is left alone.
 *
 * <p>Restored to the JVM's own ratios once the heap is back near that size with the live set grown
 * into it, when the application idles again, or when memory pressure rises toward the ladder's first
 * rung (then the smaller heap is what the host needs).
 */
final class HeapRegrowLever implements Lever {
    static final String NAME = "heap-regrow";
    /** Regrow only when the heap is below this share of its busy size: a smaller dip is not worth a change. */
    private static final double REGROW_BELOW = 0.5;
    /** Done when committed is back at this share of the busy size ... */
    private static final double BACK_AT = 0.9;
    /** ... and the heap in use fills this share of it, so that the JVM's own ratios keep it there. */
    private static final double FILLED_AT = 0.3;
    /** Released at once when a remark overshot the busy size by this much (G1 sizes to used / (1 - min)). */
    private static final double OVERSHOOT = 1.2;
    /** Released below the heap-free-ratio ladder's first rung (0.70), so the two never pull apart. */
    private static final double MAX_PRESSURE = 0.65;
    private static final int MAX_MIN_RATIO = 90;
    /** The ratio follows the heap in use down in steps of at least this many points, not every pass. */
    private static final int FOLLOW_STEP = 5;

    private final Collector collector;
    private long busyPeakCommitted;
    private boolean longIdleSeen;
    /** The committed heap's low point since a long idle spell was seen: how far it was given back. */
    private long givenBackTo = Long.MAX_VALUE;
    /** The MinHeapFreeRatio this lever set and still holds; null while not engaged. */
    private String ourMin;
    private String pendingMin;

    HeapRegrowLever(Collector collector) {
        this.collector = collector;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "MinHeapFreeRatio raised when busy again after an idle give-back, so G1 regrows to its busy size in one step";
    }

    @Override
    public String notApplicable() {
        return collector == Collector.G1 ? null : "G1 only (the idle give-back it undoes is G1's)";
    }

    @Override
    public Proposal propose(TunerReading r, TunerContext c) {
        boolean idle = c.idle().idle();
        if (idle) {
            longIdleSeen |= c.idleMs(r) >= c.settings().idleDelayMs();
            if (longIdleSeen) {
                givenBackTo = Math.min(givenBackTo, r.heapCommittedBytes());
            }
        } else if (ourMin == null) { // while engaged, the size is ours, not the application's
            busyPeakCommitted = Math.max(busyPeakCommitted, r.heapCommittedBytes());
        }
        return ourMin != null ? release(r, c, idle) : engage(r, c, idle);
    }

    private Proposal engage(TunerReading r, TunerContext c, boolean idle) {
        if (idle || !longIdleSeen) {
            return null;
        }
        long dip = Math.min(givenBackTo, r.heapCommittedBytes());
        if (dip >= REGROW_BELOW * busyPeakCommitted || r.heapCommittedBytes() >= BACK_AT * busyPeakCommitted) {
            endChance(); // never given back far, or already back on its own: nothing to undo
            return null;
        }
        if (r.pressure() >= MAX_PRESSURE) {
            return null; // the host needs the small heap now; a later pass of this busy spell may still regrow
        }
        if (r.host() != null && r.host().limitBytes() > 0 && (r.host().usedBytes() + busyPeakCommitted - r.heapCommittedBytes())
                >= TunerContext.SHARED_URGENT_PRESSURE * r.host().limitBytes()) {
            // the regrow itself would take the host onto the ladder: in a shared cgroup a regrow at 64-66% took it
            // to 96% with an idle neighbour still holding its heap (the shared-cgroup probe); let G1 grow as it needs
            return null;
        }
        long min = minRatioFor(r);
        if (min <= FreeRatios.original(c).min()) {
            return null;
        }
        endChance(); // one regrow per idle spell: a release under pressure is not undone
        return setMin(c, min, "busy again (" + r.activity() + ") on " + Units.bytes(r.heapCommittedBytes())
                + " of committed heap after an idle give-back to " + Units.bytes(dip) + "; it was " + Units.bytes(busyPeakCommitted)
                + " when busy: let G1 grow back to it at its next remark instead of through many collections");
    }

    private void endChance() {
        longIdleSeen = false;
        givenBackTo = Long.MAX_VALUE;
    }

    /** The free share that makes the heap in use now fill the busy size: G1 sizes to used / (1 - min). */
    private long minRatioFor(TunerReading r) {
        double free = 1 - (double) r.heapUsedBytes() / busyPeakCommitted;
        return (long) Math.min(MAX_MIN_RATIO, Math.floor(free * 100));
    }

    private Proposal setMin(TunerContext c, long min, String why) {
        pendingMin = String.valueOf(min);
        return Proposal.set(NAME, new FreeRatios(min, Math.max(FreeRatios.original(c).max(), min)).flags(), why);
    }

    private Proposal release(TunerReading r, TunerContext c, boolean idle) {
        if (!ourMin.equals(c.flags().current(FreeRatios.MIN))) {
            ourMin = null; // another lever (or the user) has set the ratios since: they are theirs now
            return null;
        }
        String why;
        if (idle) {
            why = "idle again";
        } else if (r.pressure() >= MAX_PRESSURE) {
            why = "memory pressure " + Units.percent(r.pressure()) + ": the host needs the smaller heap";
        } else if (r.heapCommittedBytes() >= BACK_AT * busyPeakCommitted
                && (r.heapUsedBytes() >= FILLED_AT * busyPeakCommitted || r.heapCommittedBytes() > OVERSHOOT * busyPeakCommitted)) {
            why = "the heap is back at " + Units.bytes(r.heapCommittedBytes()) + " with " + Units.bytes(r.heapUsedBytes()) + " in use";
        } else {
            return follow(r, c);
        }
        return Proposal.restore(NAME, FreeRatios.original(c).flags(), why + ": the JVM's own ratios back");
    }

    /**
     * The heap not back yet and the heap in use grown: the ratio set for less would size the heap past
     * its busy size at the next remark, so it is lowered to fit, or handed back once G1's own would do.
     */
    private Proposal follow(TunerReading r, TunerContext c) {
        long min = minRatioFor(r);
        String inUse = "the heap in use grew to " + Units.bytes(r.heapUsedBytes());
        if (min <= FreeRatios.original(c).min()) {
            return Proposal.restore(NAME, FreeRatios.original(c).flags(), inUse + ", enough for the JVM's own ratios to grow it back to "
                    + Units.bytes(busyPeakCommitted) + ": the JVM's own ratios back");
        }
        if (min > Long.parseLong(ourMin) - FOLLOW_STEP) {
            return null;
        }
        return setMin(c, min, inUse + ": a lower ratio, so that G1's next remark sizes the heap near its busy "
                + Units.bytes(busyPeakCommitted) + ", not past it");
    }

    @Override
    public void taken(Proposal p, long nanos) {
        ourMin = p.action().equals("set") ? pendingMin : null;
    }

    @Override
    public void reset() {
        ourMin = null;
    }

    @Override
    public String state() {
        return ourMin != null ? "engaged (MinHeapFreeRatio " + ourMin + ")" : "not engaged";
    }
}
