package dev.heapwise.tuner;

import dev.heapwise.runtime.DaemonThreads;

import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * What the application's own threads did since the previous reading: CPU time and bytes allocated.
 * The agent's threads ({@code heapwise-*}), the JDK's service threads (the "system" thread group:
 * reference handling, the notification thread that delivers GC events to the agent) and the
 * collector's threads (not Java threads) are left out: counted, the collections the tuner starts and
 * the agent's own readings would make an idle application look busy. A thread started since the last
 * reading counts with all it did; one that ended takes what it did since then with it. Memory: one
 * entry per live thread.
 */
final class ApplicationActivity {
    /** Deltas since the previous reading; -1 where unknown (the first reading, or the JVM cannot say). */
    record Delta(long cpuNanos, long allocatedBytes) {
    }

    private final com.sun.management.ThreadMXBean threads;
    private final boolean cpu;
    private final boolean allocation;
    private Map<Long, long[]> last = new HashMap<>();
    private boolean first = true;

    ApplicationActivity(ThreadMXBean bean) {
        com.sun.management.ThreadMXBean hs = bean instanceof com.sun.management.ThreadMXBean
                ? (com.sun.management.ThreadMXBean) bean : null;
        this.threads = hs;
        this.cpu = hs != null && supported(() -> hs.isThreadCpuTimeSupported() && hs.isThreadCpuTimeEnabled());
        this.allocation = hs != null && supported(() -> hs.isThreadAllocatedMemorySupported() && hs.isThreadAllocatedMemoryEnabled());
    }

    private static boolean supported(java.util.function.BooleanSupplier check) {
        try {
            return check.getAsBoolean();
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    @SuppressWarnings("deprecation") // Thread.getId: threadId() is JDK 19+
    synchronized Delta sinceLast() {
        if (!cpu && !allocation) {
            return new Delta(-1, -1);
        }
        Thread[] live = DaemonThreads.live();
        long[] ids = new long[live.length];
        int n = 0;
        for (Thread t : live) {
            ThreadGroup g = t.getThreadGroup();
            if (t.getName().startsWith(DaemonThreads.PREFIX) || g == null || "system".equals(g.getName())) {
                continue;
            }
            ids[n++] = t.getId();
        }
        ids = java.util.Arrays.copyOf(ids, n);
        long[] cpuNow = cpu ? threads.getThreadCpuTime(ids) : null;
        long[] allocNow = allocation ? threads.getThreadAllocatedBytes(ids) : null;
        Map<Long, long[]> now = new HashMap<>(n * 2);
        long cpuDelta = 0;
        long allocDelta = 0;
        for (int i = 0; i < n; i++) {
            long c = cpuNow == null ? 0 : cpuNow[i];
            long a = allocNow == null ? 0 : allocNow[i];
            if (c < 0 || a < 0) {
                continue; // ended between the two calls
            }
            now.put(ids[i], new long[]{c, a});
            long[] before = last.get(ids[i]);
            cpuDelta += before == null ? c : Math.max(0, c - before[0]);
            allocDelta += before == null ? a : Math.max(0, a - before[1]);
        }
        last = now;
        if (first) {
            first = false;
            return new Delta(-1, -1);
        }
        return new Delta(cpu ? cpuDelta : -1, allocation ? allocDelta : -1);
    }
}
