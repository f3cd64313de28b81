package dev.heapwise.tuner;

import dev.heapwise.gc.GcMonitor;
import dev.heapwise.gc.LiveSet;
import dev.heapwise.gc.MarkedLiveSet;
import dev.heapwise.profile.HostMemory;
import dev.heapwise.profile.ProcStatus;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.util.function.Supplier;

/**
 * Takes the tuner's readings from this JVM: heap from the memory bean, RSS from /proc, the host's
 * limit from cgroups or the machine, and rates (the application threads' allocation and CPU, GC pause
 * time) as differences from the previous reading, so that each pass judges the time since the last one.
 */
final class TunerReadings implements Supplier<TunerReading> {
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final ApplicationActivity activity = new ApplicationActivity(ManagementFactory.getThreadMXBean());
    private final ProcStatus proc = new ProcStatus();
    private final HostMemory host = new HostMemory();
    private final GcMonitor gc;
    private final MarkedLiveSet marked;
    private final int processors = Math.max(1, Runtime.getRuntime().availableProcessors());
    private long lastNanos;
    private long lastPauseMs = -1;
    private Window previous;

    /** Shortest interval rates are judged over; see {@link #get}. */
    static final double MIN_WINDOW_SECONDS = 1.0;

    /** What happened over an interval; -1 where unknown. */
    record Window(double seconds, long cpuNanos, long allocatedBytes, long pauseMs) {
        Window plus(Window later) {
            return new Window(seconds + later.seconds, sum(cpuNanos, later.cpuNanos), sum(allocatedBytes, later.allocatedBytes),
                    sum(pauseMs, later.pauseMs));
        }

        private static long sum(long a, long b) {
            return a < 0 || b < 0 ? -1 : a + b;
        }
    }

    /** @param marked the live set at old-generation markings, or null where none is followed */
    TunerReadings(GcMonitor gc, MarkedLiveSet marked) {
        this.gc = gc;
        this.marked = marked;
    }

    @Override
    public synchronized TunerReading get() {
        long now = System.nanoTime();
        double seconds = lastNanos == 0 ? 0 : (now - lastNanos) / 1e9;
        MemoryUsage heap = memory.getHeapMemoryUsage();
        ApplicationActivity.Delta app = activity.sinceLast();
        long pauseMs = gc.totals().pauseTimeMs();
        Window w = new Window(seconds, app.cpuNanos(), app.allocatedBytes(), lastPauseMs < 0 ? -1 : Math.max(0, pauseMs - lastPauseMs));
        // a pass soon after the previous one (one asked for over HTTP) judges the previous interval with
        // this one: rates over a few milliseconds say nothing about whether the application is busy
        Window judged = seconds < MIN_WINDOW_SECONDS && previous != null ? previous.plus(w) : w;
        previous = judged;
        lastNanos = now;
        lastPauseMs = pauseMs;
        double s = judged.seconds();
        Double allocationRate = s > 0 && judged.allocatedBytes() >= 0 ? judged.allocatedBytes() / s : null;
        Double cpuShare = s > 0 && judged.cpuNanos() >= 0 ? judged.cpuNanos() / 1e9 / s / processors : null;
        Double pauseShare = s > 0 && judged.pauseMs() >= 0 ? Math.min(1, judged.pauseMs() / 1000.0 / s) : null;
        long max = heap.getMax() < 0 ? Runtime.getRuntime().maxMemory() : heap.getMax();
        dev.heapwise.profile.MemoryProfile.ProcessMemory self = proc.read();
        return new TunerReading(now, heap.getUsed(), heap.getCommitted(), max, LiveSet.lowestRecent(gc.history(16), 5),
                self.rssBytes(), host.read(), allocationRate, cpuShare, pauseShare, gc.pauseStats().p99Ms(),
                marked == null ? null : marked.peakBytes(), self.rssAnonBytes());
    }
}
