package dev.heapwise.gc;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The live set, read only where it means something: between two old-generation markings (see
 * {@link OldGenMarkings}) the lowest old-generation occupancy any collection reported (G1's mixed
 * collections, a full collection, a ZGC cycle) is the best reading of what the application really
 * keeps; one point per marking. Young collections alone only ever see the old generation fill up,
 * garbage included, so no point is taken without a marking. Serves the leak detector's heap-growth
 * trend and the tuner's recommendations.
 */
public final class MarkedLiveSet {
    /** Receives each point: epoch milliseconds of the marking, live bytes. */
    public interface PointListener {
        void onPoint(long nowMs, long liveBytes);
    }

    private final List<PointListener> listeners = new CopyOnWriteArrayList<>();
    private long lowestSinceMarking = Long.MAX_VALUE;
    private volatile long latest = -1;
    private volatile long peak = -1;
    private volatile long points;

    /**
     * A live set fed by this monitor's collections and these markings. Each collection is read here
     * before the marking detector judges it, so a marking closes the interval that includes its own
     * collection.
     */
    public static MarkedLiveSet following(GcMonitor gc, OldGenMarkings markings) {
        MarkedLiveSet live = new MarkedLiveSet();
        gc.addListener(live::onCollection);
        gc.addListener((GcEvent e) -> markings.onCollection(e, System.currentTimeMillis()));
        markings.addListener(m -> live.onMarking(System.currentTimeMillis()));
        return live;
    }

    public void addListener(PointListener listener) {
        listeners.add(listener);
    }

    /** Every collection: keeps the lowest live-set reading since the last marking. */
    public synchronized void onCollection(GcEvent event) {
        Long live = event.liveSetAfterBytes();
        if (live != null && live > 0) {
            lowestSinceMarking = Math.min(lowestSinceMarking, live);
        }
    }

    /** A marking completed: the lowest reading since the previous one becomes a point. */
    public void onMarking(long nowMs) {
        long point;
        synchronized (this) {
            point = lowestSinceMarking;
            lowestSinceMarking = Long.MAX_VALUE;
            if (point == Long.MAX_VALUE) {
                return;
            }
            latest = point;
            peak = Math.max(peak, point);
            points++;
        }
        for (PointListener l : listeners) {
            l.onPoint(nowMs, point);
        }
    }

    /** The newest point, or -1 before the first marking. */
    public long latestBytes() {
        return latest;
    }

    /** The largest point so far, or null before the first marking. */
    public Long peakBytes() {
        long v = peak;
        return v < 0 ? null : v;
    }

    public long points() {
        return points;
    }
}
