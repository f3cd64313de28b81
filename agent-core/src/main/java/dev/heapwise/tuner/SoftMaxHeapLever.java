package dev.heapwise.tuner;

import dev.heapwise.util.Units;

import java.util.Locale;
import java.util.Map;

/**
 * SoftMaxHeapSize for the collectors that honour it (ZGC, Shenandoah; G1 on JDK 17 and 25 does not):
 * lowered toward the live set while the application is idle or its memory is under pressure, so
 * the collector keeps the heap small and uncommits the rest after its delay; raised back at once
 * when it is busy again or the live set grows. Never below twice the live set (and 64 MB above it):
 * a soft limit under the live set makes the collector run back to back.
 */
final class SoftMaxHeapLever implements Lever {
    static final String NAME = "soft-max-heap";
    private static final String FLAG = "SoftMaxHeapSize";
    private static final long HEADROOM = 64L << 20;
    private static final double ENGAGE_PRESSURE = 0.85;
    private static final double RELEASE_PRESSURE = 0.80;

    private final Collector collector;
    private final boolean flagWriteable;
    private Long engaged;
    private Long pending;
    private long lastChangeNanos;

    SoftMaxHeapLever(Collector collector, boolean flagWriteable) {
        this.collector = collector;
        this.flagWriteable = flagWriteable;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "SoftMaxHeapSize toward twice the live set while idle or under memory pressure; restored when busy";
    }

    @Override
    public String notApplicable() {
        if (collector != Collector.ZGC && collector != Collector.SHENANDOAH) {
            return collector.display() + " does not honour SoftMaxHeapSize (measured: G1 on JDK 17 and 25 ignores it)";
        }
        return flagWriteable ? null : "this JVM has no manageable " + FLAG;
    }

    @Override
    public Proposal propose(TunerReading r, TunerContext c) {
        long original = Long.parseLong(c.flags().original(FLAG));
        boolean idle = c.idleMs(r) >= c.settings().idleDelayMs();
        boolean pressure = r.pressure() >= ENGAGE_PRESSURE;
        long live = r.liveSetOrUsed();
        long target = Math.min(original, roundUpToMb(Math.max(2 * live, live + HEADROOM)));
        if (engaged != null && target > engaged) {
            pending = target >= original ? null : target;
            return change(pending, original, "the live set grew to " + Units.bytes(live) + ": room restored above it");
        }
        if (idle || pressure) {
            long current = engaged == null ? original : engaged;
            boolean held = engaged != null && r.nanos() - lastChangeNanos < c.settings().holdMs() * 1_000_000;
            if (target < 0.8 * current && !held) {
                pending = target;
                String why = idle ? "idle for " + c.idleMs(r) / 1000 + " s"
                        : String.format(Locale.ROOT, "memory pressure %s of the %s limit", Units.percent(r.pressure()),
                        Units.bytes(r.host().limitBytes()));
                return change(target, original, why + ", live set " + Units.bytes(live) + ": keep the heap near it");
            }
            return null;
        }
        if (engaged != null && !c.idle().idle() && r.pressure() < RELEASE_PRESSURE) {
            pending = null;
            return change(null, original, "busy again (" + r.activity() + "), memory not under pressure");
        }
        return null;
    }

    private static Proposal change(Long value, long original, String why) {
        return value == null
                ? Proposal.restore(NAME, Map.of(FLAG, String.valueOf(original)), why)
                : Proposal.set(NAME, Map.of(FLAG, String.valueOf(value)), why);
    }

    private static long roundUpToMb(long bytes) {
        return (bytes + (1L << 20) - 1) & ~((1L << 20) - 1);
    }

    @Override
    public void taken(Proposal p, long nanos) {
        engaged = pending;
        lastChangeNanos = nanos;
    }

    @Override
    public void reset() {
        engaged = null;
    }

    @Override
    public String state() {
        return engaged == null ? "the JVM's own value" : "lowered to " + Units.bytes(engaged);
    }
}
