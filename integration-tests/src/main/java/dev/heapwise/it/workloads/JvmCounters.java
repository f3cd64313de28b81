package dev.heapwise.it.workloads;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * What the JVM counts by itself, read before and after a measurement: bytes the measuring thread
 * allocated (the input of the overhead cost model: fast-path cost times allocations), collections,
 * and process CPU time (which also shows work an agent does on its own threads).
 */
record JvmCounters(long nanoTime, long threadAllocatedBytes, long gcCount, long gcMillis, long processCpuNanos) {

    static JvmCounters now() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            millis += Math.max(0, gc.getCollectionTime());
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return new JvmCounters(System.nanoTime(), threads.getCurrentThreadAllocatedBytes(), count, millis,
                os.getProcessCpuTime());
    }

    JvmCounters since(JvmCounters start) {
        return new JvmCounters(nanoTime - start.nanoTime, threadAllocatedBytes - start.threadAllocatedBytes,
                gcCount - start.gcCount, gcMillis - start.gcMillis, processCpuNanos - start.processCpuNanos);
    }
}
