package dev.heapwise.runtime;

import dev.heapwise.gc.PauseWindow;
import dev.heapwise.profile.MemoryProfile;
import dev.heapwise.util.Units;

import java.util.Locale;

/** The one-line memory summary: logged every summaryInterval and shown in the status. */
public final class SummaryLine {
    private SummaryLine() {
    }

    public static String of(MemoryProfile p, PauseWindow.Stats pauses) {
        StringBuilder b = new StringBuilder(200);
        b.append("heap ").append(Units.bytes(p.heap().usedBytes())).append(" used / ")
                .append(Units.bytes(p.heap().committedBytes())).append(" committed / ")
                .append(Units.bytes(p.heap().maxBytes())).append(" max");
        if (p.heap().usedAfterGcBytes() != null) {
            b.append(", ").append(Units.bytes(p.heap().usedAfterGcBytes())).append(" after GC");
        }
        if (p.process().available()) {
            b.append("; RSS ").append(Units.bytes(p.process().rssBytes()));
        }
        b.append("; non-heap ").append(Units.bytes(p.nonHeap().committedBytes()));
        if (p.allocation().bytesPerSecond() != null) {
            b.append("; alloc ").append(Units.bytes(p.allocation().bytesPerSecond().longValue())).append("/s");
        }
        MemoryProfile.GcActivity gc = p.gc();
        b.append("; GC ");
        if (gc.collectionsPerMinute() != null) { // over the summary interval
            b.append(String.format(Locale.ROOT, "%.1f/min, ", gc.collectionsPerMinute()));
        }
        double share = gc.pauseTimeShare() != null ? gc.pauseTimeShare() : gc.pauseTimeShareSinceStart();
        b.append(Units.percent(share)).append(" time in pauses");
        if (pauses.p99Ms() != null) {
            b.append(String.format(Locale.ROOT, ", pause p99 %.1f ms", pauses.p99Ms()));
        }
        b.append("; threads ").append(p.threads().live())
                .append("; classes ").append(p.classes().loaded());
        return b.toString();
    }
}
