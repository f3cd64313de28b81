package dev.heapwise.profile;

import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * Total bytes allocated by the JVM so far, from HotSpot's per-thread allocated-bytes counters.
 * {@code getTotalThreadAllocatedBytes} only sums live threads, so the total would fall whenever a
 * thread ends; this counter remembers each thread's last reading and keeps it when the thread goes.
 * What a thread allocates after the last reading before it ends is missed, as is a thread that
 * starts and ends between two readings: the figure is a lower bound, exact for long-lived threads.
 * Memory is one map entry per live platform thread.
 */
public final class AllocationCounter {
    private final com.sun.management.ThreadMXBean threads;
    private Map<Long, Long> lastSeen = new HashMap<>();
    private long endedThreadsBytes;

    public AllocationCounter(ThreadMXBean threads) {
        this.threads = supported(threads);
    }

    private static com.sun.management.ThreadMXBean supported(ThreadMXBean bean) {
        return counts(bean) ? (com.sun.management.ThreadMXBean) bean : null;
    }

    /** Whether the JVM counts each thread's allocated bytes now (supported, and not switched off). */
    public static boolean counts(ThreadMXBean bean) {
        try {
            return bean instanceof com.sun.management.ThreadMXBean hs && hs.isThreadAllocatedMemorySupported()
                    && hs.isThreadAllocatedMemoryEnabled();
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    public boolean available() {
        return threads != null;
    }

    /** Bytes the calling thread has allocated so far (about 10 ns), or -1 when unavailable or on a virtual thread. */
    public long currentThreadAllocatedBytes() {
        return threads == null ? -1 : threads.getCurrentThreadAllocatedBytes();
    }

    /** Bytes allocated since JVM start by every thread seen, or -1 when the counters are unavailable. */
    public synchronized long totalAllocatedBytes() {
        if (threads == null) {
            return -1;
        }
        long[] ids = threads.getAllThreadIds();
        long[] bytes = threads.getThreadAllocatedBytes(ids);
        Map<Long, Long> now = new HashMap<>(Math.max(16, ids.length * 2));
        long live = 0;
        for (int i = 0; i < ids.length; i++) {
            long b = bytes[i];
            if (b >= 0) {
                now.put(ids[i], b);
                live += b;
            }
        }
        for (Map.Entry<Long, Long> e : lastSeen.entrySet()) {
            if (!now.containsKey(e.getKey())) {
                endedThreadsBytes += e.getValue();
            }
        }
        lastSeen = now;
        return endedThreadsBytes + live;
    }
}
