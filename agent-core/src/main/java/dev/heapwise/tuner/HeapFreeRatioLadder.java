package dev.heapwise.tuner;

import dev.heapwise.util.Units;

import java.util.Locale;
import java.util.Map;

/**
 * Min/MaxHeapFreeRatio by memory pressure: the JVM's own (generous) values while memory is
 * plentiful, tighter rungs as the process's container or machine nears its limit, so that the heap
 * the collector keeps committed beyond the live set shrinks at the next collection that resizes it
 * (G1's remark and full collections, Serial's full collections). Rungs are climbed at once, but
 * left only when pressure has fallen 5 points below the rung and the hold time has passed, so a
 * pressure that hovers at a threshold does not flap. A rung is never looser than the user's own
 * setting. Tightening is skipped (below the last rung) while GC already takes over 5% of the time:
 * a smaller heap would collect more often still.
 */
final class HeapFreeRatioLadder implements Lever {
    static final String NAME = "heap-free-ratio";
    /** Pressure (host memory used / limit) at which each rung starts; rung 0 is the JVM's own values. */
    private static final double[] ENTER = {0, 0.70, 0.85, 0.95};
    private static final int[][] RATIOS = {null, {20, 40}, {10, 20}, {5, 10}};
    private static final double EXIT_MARGIN = 0.05;
    private static final double MAX_GC_SHARE_TO_TIGHTEN = 0.05;

    private final Collector collector;
    private int rung;
    private int pending;
    private long lastChangeNanos;
    private boolean changedOnce;

    HeapFreeRatioLadder(Collector collector) {
        this.collector = collector;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Min/MaxHeapFreeRatio by memory pressure: 20/40 from 70% of the limit, 10/20 from 85%, 5/10 from 95%";
    }

    @Override
    public boolean givesBack() {
        return false; // MinHeapFreeRatio also holds back growth, which a pinned floor leaves room for
    }

    @Override
    public String notApplicable() {
        switch (collector) {
            case G1:
            case SERIAL:
                return null;
            case PARALLEL:
                return "Parallel sizes its heap by its adaptive size policy, not by the free ratios";
            default:
                return collector.display() + " does not size its heap by Min/MaxHeapFreeRatio";
        }
    }

    @Override
    public Proposal propose(TunerReading r, TunerContext c) {
        if (r.host() == null) {
            return null;
        }
        double p = r.pressure();
        int target = rung;
        for (int i = RATIOS.length - 1; i > rung; i--) {
            if (p >= ENTER[i]) {
                target = i;
                break;
            }
        }
        if (target == rung) {
            while (target > 0 && p < ENTER[target] - EXIT_MARGIN) {
                target--;
            }
        }
        if (target == rung) {
            return null;
        }
        boolean last = target == RATIOS.length - 1;
        if (!last && changedOnce && r.nanos() - lastChangeNanos < c.settings().holdMs() * 1_000_000) {
            return null;
        }
        if (target > rung && !last && r.gcPauseShare() != null && r.gcPauseShare() > MAX_GC_SHARE_TO_TIGHTEN) {
            return null;
        }
        String why = String.format(Locale.ROOT, "memory pressure %s of the %s limit (%s, %s used)",
                Units.percent(p), Units.bytes(r.host().limitBytes()), r.host().source(), Units.bytes(r.host().usedBytes()));
        pending = target;
        FreeRatios orig = FreeRatios.original(c);
        if (target == 0) {
            return Proposal.restore(NAME, orig.flags(), why + ": memory is plentiful again, the JVM's own ratios back");
        }
        long max = Math.min(orig.max(), RATIOS[target][1]);
        long min = Math.min(Math.min(orig.min(), RATIOS[target][0]), max);
        Map<String, String> values = new FreeRatios(min, max).flags();
        return Proposal.set(NAME, values, why + (target > rung
                ? ": keep less free heap committed (rung " + target + " of 3)"
                : ": pressure eased, rung " + target + " of 3"));
    }

    @Override
    public void taken(Proposal p, long nanos) {
        rung = pending;
        lastChangeNanos = nanos;
        changedOnce = true;
    }

    @Override
    public void reset() {
        rung = 0;
        changedOnce = false;
    }

    @Override
    public String state() {
        return rung == 0 ? "the JVM's own ratios" : "rung " + rung + " of 3";
    }
}
