package dev.heapwise.tuner;

import dev.heapwise.util.Units;
import dev.heapwise.vm.HugePages;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Flags for the next start from what the agent saw: the heap size from the peak live set (three times
 * it, and at least 256 MB above it: room for the collector to work without running back to back), as
 * MaxRAMPercentage inside a container; the collector from pauses and GC time; the pause target; and
 * the flags the tuner sets at run time, for JVMs that will run without the agent. Nothing is
 * recommended without the evidence for it.
 */
public final class Recommendations {
    private static final long MB = 1L << 20;
    /** Evidence of at least this long before a heap size is recommended: a JVM's first minute says little. */
    static final long MIN_UPTIME_MS = 60_000;

    private Recommendations() {
    }

    public static List<Recommendation> of(Evidence e) {
        List<Recommendation> out = new ArrayList<>();
        heapSize(e, out);
        collector(e, out);
        pauseTarget(e, out);
        idleReturn(e, out);
        hugePages(e, out);
        return out;
    }

    private static void heapSize(Evidence e, List<Recommendation> out) {
        if (e.peakLiveSetBytes() == null || e.uptimeMs() < MIN_UPTIME_MS) {
            return;
        }
        long live = e.peakLiveSetBytes();
        long heap = roundUp(Math.max(3 * live, live + 256 * MB), 64 * MB);
        Map<String, Object> ev = evidence(e);
        ev.put("peak_live_set_bytes", live);
        ev.put("live_set_measured_at", e.liveSetMarked() ? "old-generation markings"
                : "young collections only (no old-generation marking yet: old garbage included, an upper bound)");
        ev.put("peak_committed_bytes", e.peakCommittedBytes());
        String why = String.format(Locale.ROOT, "the live set %s peaked at %s; three times it (at least 256 MB above it)"
                        + " lets the collector work without running back to back",
                e.liveSetMarked() ? "at old-generation markings" : "after young collections (an upper bound)", Units.bytes(live));
        if (e.inContainer() && e.hostLimitBytes() != null && e.hostLimitBytes() > 0) {
            double pct = Math.min(85, Math.max(25, Math.ceil(100.0 * heap / e.hostLimitBytes())));
            ev.put("container_limit_bytes", e.hostLimitBytes());
            String current = e.maxHeapBytes() > 0
                    ? String.format(Locale.ROOT, "%.1f (max heap %s)", 100.0 * e.maxHeapBytes() / e.hostLimitBytes(), Units.bytes(e.maxHeapBytes()))
                    : null;
            out.add(new Recommendation("-XX:MaxRAMPercentage", String.format(Locale.ROOT, "%.0f", pct), current,
                    why + String.format(Locale.ROOT, "; in a %s container that is %.0f%% of its limit%s", Units.bytes(e.hostLimitBytes()), pct,
                            pct >= 85 ? " (capped at 85%: the rest is for metaspace, threads, buffers and the JVM itself; consider a larger limit)" : ""),
                    ev));
            return;
        }
        out.add(new Recommendation("-Xmx", heap / MB + "m", e.maxHeapBytes() > 0 ? e.maxHeapBytes() / MB + "m" : null, why, ev));
    }

    private static void collector(Evidence e, List<Recommendation> out) {
        Map<String, Object> ev = evidence(e);
        if (e.pauseP99Ms() != null && e.pauseP99Ms() > e.pauseTargetMs() && e.collector() != Collector.ZGC
                && e.collector() != Collector.SHENANDOAH) {
            out.add(new Recommendation("-XX:+UseZGC", "", e.collector().display(), String.format(Locale.ROOT,
                    "pause p99 %.1f ms is above the %d ms target under %s; ZGC's pauses stay under a millisecond whatever the heap size"
                            + (e.jdkFeature() == 21 || e.jdkFeature() == 22 ? " (add -XX:+ZGenerational on JDK %d)" : ""),
                    e.pauseP99Ms(), e.pauseTargetMs(), e.collector().display(), e.jdkFeature()), ev));
            return;
        }
        if ((e.collector() == Collector.PARALLEL || e.collector() == Collector.SERIAL) && e.idleSpells() > 0) {
            out.add(new Recommendation("-XX:+UseG1GC", "", e.collector().display(), String.format(Locale.ROOT,
                    "the application went idle %d time(s); %s keeps its committed heap while idle, G1 gives it back"
                            + " (with G1PeriodicGCInterval)", e.idleSpells(), e.collector().display()), ev));
            return;
        }
        if (e.collector() == Collector.SERIAL && e.peakCommittedBytes() > 1024 * MB) {
            out.add(new Recommendation("-XX:+UseG1GC", "", "Serial", "Serial collects a " + Units.bytes(e.peakCommittedBytes())
                    + " heap in one thread with the application stopped; G1 collects it in parallel and mostly concurrently", ev));
        }
    }

    private static void pauseTarget(Evidence e, List<Recommendation> out) {
        if (e.collector() != Collector.G1 || e.pauseP99Ms() == null || e.maxGcPauseMillis() == null) {
            return;
        }
        long current = Long.parseLong(e.maxGcPauseMillis());
        if (e.pauseP99Ms() > e.pauseTargetMs() && current > e.pauseTargetMs()) {
            out.add(new Recommendation("-XX:MaxGCPauseMillis", String.valueOf(e.pauseTargetMs()), String.valueOf(current),
                    String.format(Locale.ROOT, "pause p99 %.1f ms is above the %d ms target; G1 sizes its young generation to meet"
                            + " MaxGCPauseMillis", e.pauseP99Ms(), e.pauseTargetMs()), evidence(e)));
        }
    }

    private static void idleReturn(Evidence e, List<Recommendation> out) {
        if (e.idleSpells() == 0) {
            return;
        }
        if (e.collector() == Collector.G1) {
            out.add(new Recommendation("-XX:G1PeriodicGCInterval", "60000", "0", "the application went idle " + e.idleSpells()
                    + " time(s); without the agent, G1 keeps the heap committed while idle unless periodic collections run", evidence(e)));
        } else if ((e.collector() == Collector.ZGC || e.collector() == Collector.SHENANDOAH) && e.peakLiveSetBytes() != null) {
            long soft = roundUp(Math.max(2 * e.peakLiveSetBytes(), e.peakLiveSetBytes() + 64 * MB), MB);
            if (e.maxHeapBytes() > 0 && soft >= e.maxHeapBytes()) {
                return; // at or above the heap's maximum it would change nothing, and above it the JVM refuses to start
            }
            out.add(new Recommendation("-XX:SoftMaxHeapSize", soft / MB + "m", null, "the application went idle " + e.idleSpells()
                    + " time(s); a soft limit at twice the peak live set keeps the heap that small when load allows", evidence(e)));
        }
    }

    /**
     * Transparent huge pages, where the kernel hands them out on request only (madvise) and the JVM does
     * not ask: a heap given back while idle is faulted in again 4 KB at a time when the application is
     * busy again, and that is the largest part of what the next burst pays for the give-back (on this
     * project's VM: 800,000 faults and 6 s of system CPU for 3 GB; with 2 MB pages 4,000 faults, and the
     * burst after a give-back ran 45,000 against 82,000 operations a second). Not for ZGC, whose heap is
     * shared memory (THP for it is a kernel shmem setting), nor for heaps too small for it to matter, nor where
     * the heap was never given back (pinned by {@code -Xms}, or Parallel's): it is faulted in once and stays.
     */
    private static void hugePages(Evidence e, List<Recommendation> out) {
        HugePages hp = e.hugePages();
        if (hp == null || !hp.wouldHelpToAsk() || e.idleSpells() == 0 || e.peakCommittedBytes() < 1024 * MB
                || e.givenBackBytes() < e.peakCommittedBytes() / 2
                || e.collector() == Collector.ZGC || e.collector() == Collector.OTHER) {
            return;
        }
        Map<String, Object> ev = evidence(e);
        ev.put("kernel_thp_mode", hp.kernelMode());
        ev.put("peak_committed_bytes", e.peakCommittedBytes());
        ev.put("given_back_bytes", e.givenBackBytes());
        ev.put("minor_page_faults", hp.minorFaults());
        ev.put("system_cpu_ms", hp.systemCpuMs());
        out.add(new Recommendation("-XX:+UseTransparentHugePages", "", "-XX:-UseTransparentHugePages", String.format(Locale.ROOT,
                "the application went idle %d time(s) and its heap (up to %s) is given back while idle, then faulted in"
                        + " again 4 KB at a time when busy (%s page faults and %s s of system CPU so far); the kernel gives"
                        + " 2 MB pages to a JVM that asks (transparent_hugepage is 'madvise'), 512 times fewer faults",
                e.idleSpells(), Units.bytes(e.peakCommittedBytes()), hp.minorFaults() == null ? "?" : hp.minorFaults(),
                hp.systemCpuMs() == null ? "?" : String.format(Locale.ROOT, "%.1f", hp.systemCpuMs() / 1000.0)), ev));
    }

    private static Map<String, Object> evidence(Evidence e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("collector", e.collector().display());
        m.put("uptime_ms", e.uptimeMs());
        m.put("pause_p99_ms", e.pauseP99Ms());
        m.put("pause_target_ms", e.pauseTargetMs());
        m.put("gc_time_share", Units.round3(e.gcTimeShare()));
        m.put("idle_spells", e.idleSpells());
        return m;
    }

    private static long roundUp(long v, long unit) {
        return (v + unit - 1) / unit * unit;
    }
}
