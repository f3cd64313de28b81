package dev.heapwise.tuner;

import dev.heapwise.util.Units;

/**
 * What levers share: the tuner's settings, the flag ledger, the idle tracker, and the heap's floor:
 * the committed size the collector never shrinks below (MinHeapSize; for Serial and Parallel also
 * the initial heap size, which their old generation keeps).
 */
record TunerContext(TunerSettings settings, FlagLedger flags, IdleTracker idle, long heapFloorBytes, long heapMaxBytes) {
    /**
     * Memory pressure (the ladder's second rung) at which an idle JVM gives its heap back at its first idle
     * reading rather than after {@code idleDelay}: in a container whose services burst in turn, the next
     * burst may come within the delay, and the memory an idle neighbour holds is what it needs.
     */
    static final double URGENT_PRESSURE = 0.85;
    /**
     * Where other processes hold at least {@link #OTHERS_SHARE} of the limit (a container shared by several
     * services, or a busy machine), pressure is urgent from the ladder's first rung: a neighbour's burst took
     * a shared cgroup from 65-70% to its limit in 2-4 s, within one tuning interval, and idle JVMs waiting for
     * 85% or for idleDelay were OOM-killed (three bursty JVMs in one memory cgroup, a probe of 2026-12-05).
     */
    static final double SHARED_URGENT_PRESSURE = 0.70;
    static final double OTHERS_SHARE = 0.25;
    /**
     * In a memory cgroup at least half full whose other processes hold {@link #NEIGHBOURS_MIN_ANON} of anonymous
     * memory or more (other services, not a shell that started this JVM; page cache left out), an idle JVM gives
     * back at once: its neighbours may be small now and burst next (in a rerun of that probe a JVM idle with
     * 1.1 GB unused in a 2.5 GB cgroup, 70% full, its neighbours then at 110 MB, waited for idleDelay and was
     * killed by the next one's burst 20 s later). A JVM alone in its container keeps waiting for idleDelay.
     */
    static final double SHARED_CGROUP_URGENT_PRESSURE = 0.50;
    static final long NEIGHBOURS_MIN_ANON = 32L << 20;

    long idleMs(TunerReading r) {
        return idle.idleMs(r.nanos());
    }

    /** How long the application must have been idle before memory is given back: none under urgent pressure. */
    long idleDelayMs(TunerReading r) {
        return urgent(r) ? 0 : settings.idleDelayMs();
    }

    boolean urgent(TunerReading r) {
        return r.pressure() >= URGENT_PRESSURE || (r.pressure() >= SHARED_URGENT_PRESSURE && othersShare(r) >= OTHERS_SHARE)
                || (r.pressure() >= SHARED_CGROUP_URGENT_PRESSURE && neighboursAnon(r) >= NEIGHBOURS_MIN_ANON);
    }

    /** Anonymous memory the other processes of this process's memory cgroup hold; 0 outside one, or unknown. */
    static long neighboursAnon(TunerReading r) {
        if (r.host() == null || r.host().anonBytes() == null || r.rssAnonBytes() == null) {
            return 0;
        }
        return Math.max(0, r.host().anonBytes() - r.rssAnonBytes());
    }

    /** The share of the limit in use by anything but this process (its RSS), 0 where either is unknown. */
    static double othersShare(TunerReading r) {
        if (r.host() == null || r.rssBytes() == null || r.host().limitBytes() <= 0) {
            return 0;
        }
        return Math.max(0, r.host().usedBytes() - r.rssBytes()) / (double) r.host().limitBytes();
    }

    /** For a give-back's reason: why it did not wait for idleDelay, or nothing. */
    String urgencyNote(TunerReading r) {
        if (!urgent(r)) {
            return "";
        }
        String others = r.pressure() >= URGENT_PRESSURE ? ""
                : r.pressure() >= SHARED_URGENT_PRESSURE && othersShare(r) >= OTHERS_SHARE
                ? ", " + Units.percent(othersShare(r)) + " of it held by other processes"
                : ", its other processes holding " + Units.bytes(neighboursAnon(r)) + " and free to burst";
        return ", under memory pressure (" + Units.percent(r.pressure()) + " of the " + Units.bytes(r.host().limitBytes()) + " "
                + r.host().source() + " limit" + others + "): not waiting for idleDelay";
    }

    /**
     * Why no lever can do anything, or null: a heap whose floor (-Xms equal to -Xmx, or nearly) is its maximum is
     * never given back by any collector, and every lever would look applicable while changing nothing (a probe
     * with -Xms1500m -Xmx1500m: 85 s idle, no decision, no word why).
     */
    String heapPinned() {
        if (heapFloorBytes <= 0 || heapMaxBytes <= 0 || heapFloorBytes < heapMaxBytes * 0.9) {
            return null;
        }
        return "the heap's floor (" + Units.bytes(heapFloorBytes) + ", from -Xms or MinHeapSize) is at its maximum ("
                + Units.bytes(heapMaxBytes) + "): no collector gives any of it back; start without -Xms, or with a smaller one";
    }

    /** Committed heap the collector could give back: above both what is used and the floor. */
    long givableBytes(TunerReading r) {
        return Math.max(0, r.heapCommittedBytes() - Math.max(r.heapUsedBytes(), heapFloorBytes));
    }
}
