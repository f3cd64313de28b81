package dev.heapwise.it.workloads;

import com.sun.management.GarbageCollectionNotificationInfo;

import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The collection pauses of a measured window, from the JVM's own GC notifications: the pause
 * collectors only (ZGC's and G1's concurrent "Cycles"/"Concurrent" beans time work done beside the
 * application, not pauses). The bench reads the p99 of each run, so the GC tuner's effect on pauses is
 * measured beside its effect on throughput.
 */
final class GcPauses implements NotificationListener {
    private final List<Long> durations = Collections.synchronizedList(new ArrayList<>());
    private final List<NotificationEmitter> emitters = new ArrayList<>();

    static GcPauses start() {
        GcPauses p = new GcPauses();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc.getName().contains("Cycles") || gc.getName().contains("Concurrent")) {
                continue;
            }
            if (gc instanceof NotificationEmitter) {
                ((NotificationEmitter) gc).addNotificationListener(p, null, null);
                p.emitters.add((NotificationEmitter) gc);
            }
        }
        return p;
    }

    @Override
    public void handleNotification(Notification n, Object handback) {
        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            durations.add(GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo().getDuration());
        }
    }

    /** Stops listening; the p99 pause in ms of what was seen, or -1 without a pause. */
    double stopAndP99() {
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(this);
            } catch (javax.management.ListenerNotFoundException ignored) {
                // already gone
            }
        }
        List<Long> d;
        synchronized (durations) {
            d = new ArrayList<>(durations);
        }
        if (d.isEmpty()) {
            return -1;
        }
        Collections.sort(d);
        return d.get((int) Math.ceil(0.99 * d.size()) - 1);
    }
}
