package dev.heapwise.tuner;

import dev.heapwise.util.Units;

import java.util.Map;

/**
 * G1PeriodicGCInterval while the application is idle. A plain G1 JVM that stops allocating keeps its
 * burst-sized heap committed for as long as no collection runs (measured: hours); with the interval
 * set, G1 starts a concurrent cycle when none ran for that long and gives the free heap back at its
 * remark. Set once the application has been idle for {@code idleDelay} with enough unused heap;
 * restored to the original value as soon as it is busy again, so a busy application never sees it.
 */
final class PeriodicGcLever implements Lever {
    static final String NAME = "g1-periodic-gc";
    private static final String FLAG = "G1PeriodicGCInterval";

    private final Collector collector;
    private final boolean flagWriteable;
    private boolean engaged;

    PeriodicGcLever(Collector collector, boolean flagWriteable) {
        this.collector = collector;
        this.flagWriteable = flagWriteable;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "G1PeriodicGCInterval while idle, so that G1 gives unused committed heap back; restored when busy";
    }

    @Override
    public String notApplicable() {
        if (collector != Collector.G1) {
            return "G1 only";
        }
        return flagWriteable ? null : "this JVM's G1 has no manageable " + FLAG;
    }

    @Override
    public Proposal propose(TunerReading r, TunerContext c) {
        long idleMs = c.idleMs(r);
        if (!engaged) {
            if (!c.idle().idle() || idleMs < c.idleDelayMs(r) || c.givableBytes(r) < c.settings().idleReturnMinBytes()) {
                return null;
            }
            long original = Long.parseLong(c.flags().original(FLAG));
            long ours = c.settings().idleGcIntervalMs();
            if (original != 0 && original <= ours) {
                return null; // the user's own periodic collections already come as often
            }
            return Proposal.set(NAME, Map.of(FLAG, String.valueOf(ours)), "idle for " + idleMs / 1000 + " s with "
                    + Units.bytes(c.givableBytes(r)) + " of " + Units.bytes(r.heapCommittedBytes())
                    + " committed heap that can be given back" + c.urgencyNote(r)
                    + ": let G1 collect and give it back");
        }
        if (c.idle().idle()) {
            return null;
        }
        return Proposal.restore(NAME, Map.of(FLAG, c.flags().original(FLAG)), "busy again (" + r.activity() + ")");
    }

    @Override
    public void taken(Proposal p, long nanos) {
        engaged = p.action().equals("set");
    }

    @Override
    public void reset() {
        engaged = false;
    }

    @Override
    public String state() {
        return engaged ? "engaged (idle)" : "not engaged";
    }
}
