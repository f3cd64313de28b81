package dev.heapwise.gc;

import java.util.List;

/**
 * What {@code /v1/memory/gc/stats} answers: every collector with its own counters, the pause and
 * concurrent-cycle distributions over the sliding window, and totals since the JVM started.
 */
public record GcStats(
        List<GcMonitor.Collector> collectors,
        GcMonitor.Totals totals,
        double pauseTimeShareSinceStart,
        double collectionsPerMinuteSinceStart,
        PauseWindow.Stats pauses,
        PauseWindow.Stats concurrentCycles,
        GcEvent lastGc,
        boolean listening,
        long notificationsSeen) {

    public static GcStats of(GcMonitor monitor, long uptimeMs) {
        GcMonitor.Totals totals = monitor.totals();
        double minutes = Math.max(1, uptimeMs) / 60_000.0;
        return new GcStats(monitor.collectors(), totals,
                Math.round(Math.min(1.0, totals.pauseTimeMs() / (double) Math.max(1, uptimeMs)) * 10_000.0) / 10_000.0,
                Math.round(totals.collections() / minutes * 100.0) / 100.0,
                monitor.pauseStats(), monitor.cycleStats(), monitor.lastEvent(), monitor.listening(),
                monitor.notificationsSeen());
    }
}
