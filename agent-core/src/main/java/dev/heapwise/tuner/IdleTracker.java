package dev.heapwise.tuner;

/**
 * Whether the application is idle, and since when: a spell starts when it allocates below a rate and
 * its threads use below a share of the CPU, and ends only when either is twice its threshold, so that
 * a health check or a timer firing in an idle service does not end the spell (and flap the levers).
 * The first reading (no rates yet) is never idle.
 */
final class IdleTracker {
    /** An idle spell ends at this multiple of the thresholds that start one. */
    static final double BUSY_FACTOR = 2;
    private final double maxAllocationRate;
    private final double maxCpuShare;
    private final long longSpellMs;
    private long idleSinceNanos;
    private boolean idle;
    private boolean spellCounted;
    private long longSpells;

    /** @param longSpellMs an idle spell this long is counted (the tuner acts on such spells) */
    IdleTracker(double maxAllocationRate, double maxCpuShare, long longSpellMs) {
        this.maxAllocationRate = maxAllocationRate;
        this.maxCpuShare = maxCpuShare;
        this.longSpellMs = longSpellMs;
    }

    void update(TunerReading r) {
        double factor = idle ? BUSY_FACTOR : 1;
        boolean now = r.allocationRate() != null && r.allocationRate() < factor * maxAllocationRate
                && (r.cpuShare() == null || r.cpuShare() < factor * maxCpuShare);
        if (now && !idle) {
            idleSinceNanos = r.nanos();
            spellCounted = false;
        }
        idle = now;
        if (idle && !spellCounted && idleMs(r.nanos()) >= longSpellMs) {
            spellCounted = true;
            longSpells++;
        }
    }

    /** Idle spells that lasted the long-spell time, since start. */
    long longSpells() {
        return longSpells;
    }

    boolean idle() {
        return idle;
    }

    /** How long the application has been idle at the reading's time; 0 when busy. */
    long idleMs(long nanos) {
        return idle ? Math.max(0, (nanos - idleSinceNanos) / 1_000_000) : 0;
    }
}
