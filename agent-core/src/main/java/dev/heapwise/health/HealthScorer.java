package dev.heapwise.health;

import dev.heapwise.gc.GcEvent;
import dev.heapwise.gc.PauseWindow;
import dev.heapwise.profile.MemoryProfile;
import dev.heapwise.util.Units;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Scores memory health from three figures: heap pressure after GC (what stays after collections, as
 * a share of max heap), the share of wall time spent in GC pauses, and the pause p99 against the
 * pause target. The overall score leans toward the worst component, so one bad figure is not hidden
 * by two good ones.
 */
public final class HealthScorer {
    private static final ScoreCurve HEAP_AFTER_GC = new ScoreCurve(0.60, 100, 0.85, 60, 0.95, 20, 0.98, 0);
    private static final ScoreCurve GC_TIME_SHARE = new ScoreCurve(0.02, 100, 0.10, 60, 0.25, 20, 0.50, 0);
    private static final ScoreCurve PAUSE_OVER_TARGET = new ScoreCurve(1.0, 100, 2.0, 60, 4.0, 20, 8.0, 0);

    private final long pauseTargetMs;

    public HealthScorer(long pauseTargetMs) {
        this.pauseTargetMs = pauseTargetMs;
    }

    /**
     * @param recentGcs recent GC events, oldest first (heap figures are read from those that carry them)
     */
    public HealthReport evaluate(String now, MemoryProfile profile, List<GcEvent> recentGcs, PauseWindow.Stats pauses) {
        List<HealthReport.Component> components = new ArrayList<>();
        components.add(heapPressure(profile, recentGcs));
        components.add(gcTimeShare(profile));
        components.add(pauseP99(pauses));
        int min = 100;
        double sum = 0;
        for (HealthReport.Component c : components) {
            min = Math.min(min, c.score());
            sum += c.score();
        }
        int score = (int) Math.round(0.5 * min + 0.5 * sum / components.size());
        return new HealthReport(now, score, HealthReport.statusOf(score), components);
    }

    private HealthReport.Component heapPressure(MemoryProfile profile, List<GcEvent> recentGcs) {
        long max = profile.heap().maxBytes();
        Long liveSet = null;
        int seen = 0;
        // the smallest heap-after-GC of the last few collections: a young GC in the middle of a burst
        // leaves garbage in the old generation that the next one may clear
        for (int i = recentGcs.size() - 1; i >= 0 && seen < 5; i--) {
            Long after = recentGcs.get(i).heapAfterBytes();
            if (after != null) {
                liveSet = liveSet == null ? after : Math.min(liveSet, after);
                seen++;
            }
        }
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
