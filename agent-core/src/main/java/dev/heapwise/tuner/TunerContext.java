package dev.heapwise.tuner;

import dev.heapwise.util.Units;

/**
 * What levers share: the tuner's settings, the flag ledger, the idle tracker, and the heap's floor:
 * the committed size the collector never shrinks below (MinHeapSize; for Serial and Parallel also
 * the initial heap size, which their old generation keeps).
 */
record TunerContext(TunerSettings settings, FlagLedger flags, IdleTracker idle, long heapFloorBytes) {
    /**
     * Memory pressure (the ladder's second rung) at which an idle JVM gives its heap back at its first idle
     * reading rather than after {@code idleDelay}: in a container whose services burst in turn, the next
     * burst may come within the delay, and the memory an idle neighbour holds is what it needs.
     */
    static final double URGENT_PRESSURE = 0.85;

    long idleMs(TunerReading r) {
        return idle.idleMs(r.nanos());
    }

    /** How long the application must have been idle before memory is given back: none under urgent pressure. */
    long idleDelayMs(TunerReading r) {
        return urgent(r) ? 0 : settings.idleDelayMs();
    }

    static boolean urgent(TunerReading r) {
        return r.pressure() >= URGENT_PRESSURE;
    }

    /** For a give-back's reason: why it did not wait for idleDelay, or nothing. */
    static String urgencyNote(TunerReading r) {
        return urgent(r) ? ", under memory pressure (" + Units.percent(r.pressure()) + " of the "
                + Units.bytes(r.host().limitBytes()) + " " + r.host().source() + " limit): not waiting for idleDelay" : "";
    }

    /** Committed heap the collector could give back: above both what is used and the floor. */
    long givableBytes(TunerReading r) {
        return Math.max(0, r.heapCommittedBytes() - Math.max(r.heapUsedBytes(), heapFloorBytes));
    }
}
