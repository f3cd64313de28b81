package dev.heapwise.gc;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import dev.heapwise.log.LogOnce;
import dev.heapwise.profile.PoolKind;
import dev.heapwise.util.RingBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.MemoryUsage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Listens to the GC notifications of every collector and keeps what they say: a bounded history of
 * events, the pause and concurrent-cycle distributions over a sliding window, and the collectors'
 * own cumulative counts. Notifications arrive on the JDK's "Notification Thread"; handling one is a
 * few map reads and a synchronized append, and a failure is logged once and never rethrown.
 */
public final class GcMonitor implements NotificationListener {
    private static final Logger LOG = LoggerFactory.getLogger(GcMonitor.class);

    private final List<GarbageCollectorMXBean> collectors;
    private final Map<String, PoolKind> heapPools;
    private final long jvmStartMillis;
    private final LongSupplier nanoTime;
    private final RingBuffer<GcEvent> history;
    private final PauseWindow pauses;
    private final PauseWindow cycles;
    private final LogOnce failures = new LogOnce();
    private final List<NotificationEmitter> subscribed = new ArrayList<>();
    private final List<Consumer<GcEvent>> listeners = new CopyOnWriteArrayList<>();
    private long notificationsSeen;

    /**
     * @param heapPools the heap pools by name with their kind, to sum heap usage and find the live set
     */
    public GcMonitor(List<GarbageCollectorMXBean> collectors, Map<String, PoolKind> heapPools, long jvmStartMillis,
                     int historySize, long pauseWindowMs, LongSupplier nanoTime) {
        this.collectors = List.copyOf(collectors);
        this.heapPools = Map.copyOf(heapPools);
        this.jvmStartMillis = jvmStartMillis;
        this.nanoTime = nanoTime;
        this.history = new RingBuffer<>(historySize);
        this.pauses = new PauseWindow(pauseWindowMs);
        this.cycles = new PauseWindow(pauseWindowMs);
    }

    /** Subscribes to every collector that emits notifications; returns how many. */
    public synchronized int install() {
        for (GarbageCollectorMXBean bean : collectors) {
            if (bean instanceof NotificationEmitter) {
                NotificationEmitter emitter = (NotificationEmitter) bean;
                emitter.addNotificationListener(this,
                        n -> GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType()), null);
                subscribed.add(emitter);
            }
        }
        return subscribed.size();
    }

    public synchronized void uninstall() {
        for (NotificationEmitter emitter : subscribed) {
            try {
                emitter.removeNotificationListener(this);
            } catch (ListenerNotFoundException ignored) {
                // already gone: nothing to undo
            }
        }
        subscribed.clear();
    }

    @Override
    public void handleNotification(Notification notification, Object handback) {
        try {
            GarbageCollectionNotificationInfo info =
                    GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
            record(toEvent(info));
        } catch (Throwable t) {
            // never throws, so nothing reaches the JDK's notification thread
            failures.warn(LOG, "notification", "a GC notification could not be read; GC statistics may be incomplete", t);
        }
    }

    GcEvent toEvent(GarbageCollectionNotificationInfo info) {
        GcInfo gc = info.getGcInfo();
        String collector = info.getGcName();
        Long before = heapSum(gc.getMemoryUsageBeforeGc(), false);
        Long after = heapSum(gc.getMemoryUsageAfterGc(), false);
        Long liveAfter = after == null ? null : heapSum(gc.getMemoryUsageAfterGc(), true);
        return new GcEvent(
                gc.getId(),
                collector,
                GcClassifier.action(collector, info.getGcAction()),
                GcClassifier.phase(collector, info.getGcAction()),
                info.getGcCause(),
                Instant.ofEpochMilli(jvmStartMillis + gc.getStartTime()).toString(),
                gc.getDuration(),
                before,
                after,
                before == null || after == null ? null : Math.max(0, before - after),
                liveAfter);
    }

    /**
     * Sum of used bytes over the heap pools (or only the live-set pools). Null when the notification
     * carries no usage at all: ZGC's pause notifications report every pool as zero.
     */
    private Long heapSum(Map<String, MemoryUsage> usage, boolean liveSetOnly) {
        if (usage == null || usage.isEmpty()) {
            return null;
        }
        long used = 0;
        long committed = 0;
        for (Map.Entry<String, MemoryUsage> e : usage.entrySet()) {
            PoolKind kind = heapPools.get(e.getKey());
            if (kind == null || (liveSetOnly && !kind.holdsLiveSet())) {
                continue;
            }
            used += e.getValue().getUsed();
            committed += e.getValue().getCommitted();
        }
        return committed == 0 ? null : used;
    }

    /** Adds an event to the history and the distributions. Public so tests and replays can feed events. */
    public void record(GcEvent event) {
        long now = nanoTime.getAsLong();
        long micros = event.durationMs() * 1000L;
        if (GcClassifier.CONCURRENT.equals(event.phase())) {
            cycles.record(micros, now);
        } else {
            pauses.record(micros, now);
        }
        history.add(event);
        synchronized (this) {
            notificationsSeen++;
        }
        for (Consumer<GcEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (Throwable t) {
                failures.warn(LOG, "listener", "a GC event listener failed; its analysis may be incomplete", t);
            }
        }
    }

    /** Called with every event recorded from now on, on the thread that records it (keep it quick). */
    public void addListener(Consumer<GcEvent> listener) {
        listeners.add(listener);
    }

    public List<GcEvent> history(int limit) {
        return history.newest(limit);
    }

    public int historyCapacity() {
        return history.capacity();
    }

    public int historySize() {
        return history.size();
    }

    public GcEvent lastEvent() {
        return history.last();
    }

    /** The newest event that carries heap figures, or null. */
    public GcEvent lastEventWithHeapFigures() {
        List<GcEvent> recent = history.newest(64);
        for (int i = recent.size() - 1; i >= 0; i--) {
            if (recent.get(i).heapAfterBytes() != null) {
                return recent.get(i);
            }
        }
        return null;
    }

    public PauseWindow.Stats pauseStats() {
        return pauses.stats(nanoTime.getAsLong());
    }

    public PauseWindow.Stats cycleStats() {
        return cycles.stats(nanoTime.getAsLong());
    }

    public synchronized long notificationsSeen() {
        return notificationsSeen;
    }

    public synchronized boolean listening() {
        return !subscribed.isEmpty();
    }

    /** Cumulative figures from the collectors' own counters (they include collections before the agent started). */
    public Totals totals() {
        long collections = 0, pauseCount = 0, pauseMs = 0, concurrentCount = 0, concurrentMs = 0;
        for (GarbageCollectorMXBean bean : collectors) {
            long count = Math.max(0, bean.getCollectionCount());
            long time = Math.max(0, bean.getCollectionTime());
            collections += count;
            if (GcClassifier.CONCURRENT.equals(GcClassifier.phaseOfBean(bean.getName()))) {
                concurrentCount += count;
                concurrentMs += time;
            } else {
                pauseCount += count;
                pauseMs += time;
            }
        }
        return new Totals(collections, pauseCount, pauseMs, concurrentCount, concurrentMs);
    }

    public List<Collector> collectors() {
        List<Collector> out = new ArrayList<>();
        for (GarbageCollectorMXBean bean : collectors) {
            out.add(new Collector(bean.getName(), GcClassifier.phaseOfBean(bean.getName()),
                    Math.max(0, bean.getCollectionCount()), Math.max(0, bean.getCollectionTime()),
                    List.of(bean.getMemoryPoolNames())));
        }
        return out;
    }

    /** Collections of every kind; pauses and concurrent cycles apart, with their time. */
    public record Totals(long collections, long pauses, long pauseTimeMs, long concurrentCycles, long concurrentTimeMs) {
    }

    public record Collector(String name, String phase, long count, long totalTimeMs, List<String> pools) {
    }
}
