package dev.heapwise.health;

import dev.heapwise.gc.GcEvent;
import dev.heapwise.gc.LiveSet;
import dev.heapwise.leak.Finding;
import dev.heapwise.gc.PauseWindow;
import dev.heapwise.profile.MemoryProfile;
import dev.heapwise.util.Units;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Scores memory health from heap pressure after GC (what stays after collections, as a share of max
 * heap), the share of wall time spent in GC pauses, the pause p99 against the pause target, the leak
 * detector's suspects (heap, threads, direct memory, metaspace) and footprint waste (committed heap
 * not in use). The overall score leans toward the worst component, so one bad figure is not hidden
 * by two good ones, and the status is never "healthy" while a component other than waste is not.
 */
public final class HealthScorer {
    private static final ScoreCurve HEAP_AFTER_GC = new ScoreCurve(0.60, 100, 0.85, 60, 0.95, 20, 0.98, 0);
    private static final ScoreCurve GC_TIME_SHARE = new ScoreCurve(0.02, 100, 0.10, 60, 0.25, 20, 0.50, 0);
    private static final ScoreCurve PAUSE_OVER_TARGET = new ScoreCurve(1.0, 100, 2.0, 60, 4.0, 20, 8.0, 0);

    private static final ScoreCurve WASTE_SHARE = new ScoreCurve(0.50, 100, 0.75, 90, 0.90, 80, 0.97, 70);
    static final long WASTE_FLOOR_BYTES = 256L << 20;
    private static final String WASTE = "footprint_waste";

    private final long pauseTargetMs;

    public HealthScorer(long pauseTargetMs) {
        this.pauseTargetMs = pauseTargetMs;
    }

    /**
     * @param recentGcs recent GC events, oldest first (heap figures are read from those that carry them)
     */
    public HealthReport evaluate(String now, MemoryProfile profile, List<GcEvent> recentGcs, PauseWindow.Stats pauses) {
        return evaluate(now, profile, recentGcs, pauses, null);
    }

    /** @param findings the leak detector's current findings (suspects and waste); null when leak detection is off */
    public HealthReport evaluate(String now, MemoryProfile profile, List<GcEvent> recentGcs, PauseWindow.Stats pauses,
                                 List<Finding> findings) {
        List<HealthReport.Component> components = new ArrayList<>();
        components.add(heapPressure(profile, recentGcs));
        components.add(gcTimeShare(profile));
        components.add(pauseP99(pauses));
        components.addAll(LeakComponents.of(findings, profile));
        boolean anyUnhealthy = components.stream().anyMatch(c -> c.score() < HealthReport.HEALTHY_FROM);
        // footprint waste counts in the score but not here: idle waste is wasteful, never unhealthy
        components.add(footprintWaste(profile, recentGcs, findings));
        int min = 100;
        double sum = 0;
        for (HealthReport.Component c : components) {
            min = Math.min(min, c.score());
            sum += c.score();
        }
        int score = (int) Math.round(0.5 * min + 0.5 * sum / components.size());
        String status = HealthReport.statusOf(score);
        if (anyUnhealthy && status.equals(HealthReport.HEALTHY)) {
            // a suspected leak (or pauses twice the target) averaged with eight good figures still scores 80 or more;
            // an on-call engineer reading "healthy" would look no further (a 600-thread leak read healthy, 81)
            status = HealthReport.DEGRADED;
        }
        return new HealthReport(now, score, status, components);
    }

    private HealthReport.Component heapPressure(MemoryProfile profile, List<GcEvent> recentGcs) {
        long max = profile.heap().maxBytes();
        Long liveSet = LiveSet.lowestRecent(recentGcs, 5);
        if (liveSet == null) {
            liveSet = profile.heap().usedAfterGcBytes();
        }
        if (liveSet == null || max <= 0) {
            return component("heap_after_gc", 100, null, "share of max heap",
                    "no collection has reported heap figures yet", "none");
        }
        double share = liveSet / (double) max;
        int score = HEAP_AFTER_GC.score(share);
        String reason = String.format(Locale.ROOT, "%s of %s max heap (%s) remains after GC",
                Units.bytes(liveSet), Units.bytes(max), Units.percent(share));
        String advice = score >= 80 ? "none"
                : "the live set is close to the heap limit: look for a leak (growth over time) or raise -Xmx";
        return component("heap_after_gc", score, share, "share of max heap", reason, advice);
    }

    /**
     * Committed heap far above the live set: memory the process holds and does not use. A busy heap
     * needs room beyond its live set, so waste counts only when it lasts: the leak detector's idle-heap
     * finding says so (it never scores below 70: wasteful, not degraded). Without leak detection the
     * figure is shown and scored only from {@value #WASTE_FLOOR_BYTES} bytes unused.
     */
    private HealthReport.Component footprintWaste(MemoryProfile profile, List<GcEvent> recentGcs, List<Finding> findings) {
        Long live = LiveSet.lowestRecent(recentGcs, 5);
        long committed = profile.heap().committedBytes();
        long used = live == null ? profile.heap().usedBytes() : Math.min(live, profile.heap().usedBytes());
        long waste = Math.max(0, committed - used);
        double share = committed <= 0 ? 0 : waste / (double) committed;
        String advice = "the tuner gives unused heap back when the application idles (tuner=auto); or start with a smaller"
                + " -Xms/-Xmx (GET /v1/memory/gc/recommendations)";
        String figure = String.format(Locale.ROOT, "%s of %s committed heap is not in use (%s)", Units.bytes(waste),
                Units.bytes(committed), Units.percent(share));
        if (findings != null) {
            Finding idle = findings.stream().filter(f -> f.pattern().equals("idle-heap")).findFirst().orElse(null);
            return idle == null
                    ? component(WASTE, 100, share, "share of committed heap", figure + "; not lasting", "none")
                    : component(WASTE, 75, share, "share of committed heap", idle.summary(), advice);
        }
        int score = waste < WASTE_FLOOR_BYTES ? 100 : WASTE_SHARE.score(share);
        return component(WASTE, score, share, "share of committed heap", figure, score >= 80 ? "none" : advice);
    }

    private HealthReport.Component gcTimeShare(MemoryProfile profile) {
        MemoryProfile.GcActivity gc = profile.gc();
        boolean recent = gc.pauseTimeShare() != null;
        double share = recent ? gc.pauseTimeShare() : gc.pauseTimeShareSinceStart();
        int score = GC_TIME_SHARE.score(share);
        String reason = String.format(Locale.ROOT, "%s of wall time in GC pauses %s", Units.percent(share),
                recent ? "over the last profiling interval" : "since start");
        String advice = score >= 80 ? "none"
                : "GC takes time from the application: reduce the allocation rate or give the heap more room";
        return component("gc_time_share", score, share, "share of wall time", reason, advice);
    }

    private HealthReport.Component pauseP99(PauseWindow.Stats pauses) {
        if (pauses.p99Ms() == null) {
            return component("pause_p99", 100, null, "ms", "no pause in the last " + pauses.windowMs() / 1000 + " s", "none");
        }
        double p99 = pauses.p99Ms();
        int score = PAUSE_OVER_TARGET.score(p99 / pauseTargetMs);
        String reason = String.format(Locale.ROOT, "pause p99 %.1f ms against a target of %d ms over %d pauses in %d s",
                p99, pauseTargetMs, pauses.count(), pauses.windowMs() / 1000);
        String advice = score >= 80 ? "none"
                : "pauses exceed the target: consider a low-pause collector (ZGC) or a smaller young generation";
        return component("pause_p99", score, p99, "ms", reason, advice);
    }

    private static HealthReport.Component component(String name, int score, Double value, String unit, String reason,
                                                    String advice) {
        return new HealthReport.Component(name, score, HealthReport.statusOf(score),
                value == null ? null : Units.round3(value), unit, reason, advice);
    }
}
