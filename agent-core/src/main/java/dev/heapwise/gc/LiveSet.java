package dev.heapwise.gc;

import java.util.List;

/** The live set as recent collections tell it. */
public final class LiveSet {
    private LiveSet() {
    }

    /**
     * The smallest heap-after-GC among the newest {@code n} collections that reported one, or null: a
     * young collection in the middle of a burst leaves old-generation garbage that the next may clear,
     * so one reading alone overstates what is live.
     *
     * @param events collections, oldest first
     */
    public static Long lowestRecent(List<GcEvent> events, int n) {
        Long live = null;
        int seen = 0;
        for (int i = events.size() - 1; i >= 0 && seen < n; i--) {
            Long after = events.get(i).heapAfterBytes();
            if (after != null) {
                live = live == null ? after : Math.min(live, after);
                seen++;
            }
        }
        return live;
    }
}
