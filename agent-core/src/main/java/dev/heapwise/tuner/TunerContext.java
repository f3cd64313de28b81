package dev.heapwise.tuner;

/**
 * What levers share: the tuner's settings, the flag ledger, the idle tracker, and the heap's floor:
 * the committed size the collector never shrinks below (MinHeapSize; for Serial and Parallel also
 * the initial heap size, which their old generation keeps).
 */
record TunerContext(TunerSettings settings, FlagLedger flags, IdleTracker idle, long heapFloorBytes) {
    long idleMs(TunerReading r) {
        return idle.idleMs(r.nanos());
    }

    /** Committed heap the collector could give back: above both what is used and the floor. */
    long givableBytes(TunerReading r) {
        return Math.max(0, r.heapCommittedBytes() - Math.max(r.heapUsedBytes(), heapFloorBytes));
    }
}
