package dev.heapwise.tuner;

import dev.heapwise.util.Units;

/**
 * Automatic compaction: a full collection (a cycle under ZGC; several under Serial, see
 * {@link dev.heapwise.compaction.Compactor}) when the application has been idle a while and more than
 * {@code compactionThreshold} of the committed heap is unused: the collection the JVM would not run by
 * itself, after which the collector shrinks the heap. One per idle spell, and no more often than
 * {@code compactionInterval}. Under G1 it waits for the periodic collections to do it first and runs
 * only if they did not. Never under Parallel (measured: no run-time collection shrinks its committed
 * heap), where explicit collections are disabled, or with {@code autoCompaction=false}; and, except
 * under the concurrent collectors, not when the live set is above {@code compactionMaxLiveSet}: the
 * pause would be long enough for an idle service to miss its health checks.
 */
final class IdleCollectionLever implements Lever {
    static final String NAME = "idle-collection";

    private final Collector collector;
    private final boolean explicitGcDisabled;
    private final boolean periodicGcAvailable;
    private final boolean enabled;
    private boolean doneThisSpell;
    private boolean anyDone;
    private long lastNanos;

    IdleCollectionLever(Collector collector, boolean explicitGcDisabled, boolean periodicGcAvailable, boolean enabled) {
        this.collector = collector;
        this.explicitGcDisabled = explicitGcDisabled;
        this.periodicGcAvailable = periodicGcAvailable;
        this.enabled = enabled;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "a full collection when idle with much committed heap that can be given back, so the collector can shrink the heap";
    }

    @Override
    public String notApplicable() {
        if (!enabled) {
            return "autoCompaction=false";
        }
        if (explicitGcDisabled) {
            return "explicit collections are disabled (-XX:+DisableExplicitGC)";
        }
        switch (collector) {
            case PARALLEL:
                return "Parallel does not give committed heap back after a collection at run time";
            case OTHER:
                return "no collector that gives memory back";
            default:
                return null;
        }
    }

    @Override
    public Proposal propose(TunerReading r, TunerContext c) {
        if (!c.idle().idle()) {
            doneThisSpell = false;
            return null;
        }
        // Under urgent pressure none of the usual restraint: a pause of a second or two beats the kernel's OOM
        // killer, and the periodic collections may not give anything back (G1 between a marking and its mixed
        // collections runs them as young collections, which never shrink the heap: seen in that same probe)
        boolean urgent = c.urgent(r);
        long wait = c.idleDelayMs(r);
        if (collector == Collector.G1 && periodicGcAvailable && !urgent) {
            wait += 2 * c.settings().idleGcIntervalMs() + 10_000; // the periodic collections' turn first
        }
        long idleMs = c.idleMs(r);
        if (idleMs < wait || doneThisSpell || c.givableBytes(r) < c.settings().compactionThresholdBytes()
                || (anyDone && !urgent && r.nanos() - lastNanos < c.settings().compactionIntervalMs() * 1_000_000)) {
            return null;
        }
        boolean concurrent = collector == Collector.ZGC || collector == Collector.SHENANDOAH;
        if (!concurrent && !urgent && r.liveSetOrUsed() > c.settings().compactionMaxLiveBytes()) {
            return null; // a stop-the-world full collection of a live set this large takes seconds: not for an idle service's health checks
        }
        return Proposal.collect(NAME, "idle for " + idleMs / 1000 + " s with " + Units.bytes(c.givableBytes(r))
                + " of " + Units.bytes(r.heapCommittedBytes()) + " committed heap that can be given back"
                + c.urgencyNote(r));
    }

    @Override
    public void taken(Proposal p, long nanos) {
        doneThisSpell = true;
        anyDone = true;
        lastNanos = nanos;
    }

    @Override
    public void reset() {
        doneThisSpell = false;
    }

    @Override
    public String state() {
        return doneThisSpell ? "compacted in this idle spell" : "waiting for an idle spell";
    }
}
