package dev.heapwise.it.apps;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;

/**
 * An application the tests drive line by line over stdin. Each command gets exactly one answer line
 * on stdout, {@code reply <json>}, so a test can tell the answer from anything else the JVM prints.
 * What {@code report} says is the child's own view of itself (its MXBeans, its threads): the yardstick
 * the agent's figures are checked against. Needs no agent and no library.
 *
 * <ul>
 *   <li>{@code alloc <MB>}: adds MB one-megabyte arrays to the live set, every page written so the
 *       memory is really committed (and shows in RSS)</li>
 *   <li>{@code fill <share>}: adds 64 KB arrays (never humongous under G1) to the live set until the heap
 *       in use after a full collection is that share of max heap</li>
 *   <li>{@code exhaust <ms>}: fills the heap to its last bytes (arrays from 1 MB down to 16 bytes, each size
 *       until it no longer fits, on top of the live set), holds it full for that long, then lets go of what
 *       it added and answers. As a leak ends, or a request too big for the heap: every thread's allocations fail</li>
 *   <li>{@code drop}: releases the live set</li>
 *   <li>{@code gc}: System.gc()</li>
 *   <li>{@code report}: heap usage, GC counts, heap pools, pid and every live thread</li>
 *   <li>{@code ping}: proves the application still runs</li>
 *   <li>{@code exit}: main returns normally (no System.exit), so only non-daemon threads keep the JVM up</li>
 * </ul>
 */
public final class ControlledApp {
    private static final int MB = 1024 * 1024;
    private static final int PAGE = 4096;

    /** The live set: static so nothing but {@code drop} can release it. */
    private static final List<byte[]> LIVE = new ArrayList<>();
    private static long liveBytes;

    private ControlledApp() {
    }

    public static void main(String[] args) throws IOException {
        CommandLoop.run(ControlledApp::answer);
    }

    /** The fields after {@code "command"}, each starting with a comma. */
    private static String answer(String command, String[] words) {
        switch (command) {
            case "ping":
                return ",\"pong\":true";
            case "alloc":
                int mb = Integer.parseInt(words[1]);
                for (int i = 0; i < mb; i++) {
                    byte[] chunk = new byte[MB];
                    for (int p = 0; p < chunk.length; p += PAGE) {
                        chunk[p] = 1;
                    }
                    LIVE.add(chunk);
                    liveBytes += chunk.length;
                }
                return ",\"live_mb\":" + liveBytes / MB;
            case "fill":
                return fill(Double.parseDouble(words[1]));
            case "exhaust":
                return exhaust(Long.parseLong(words[1]));
            case "drop":
                LIVE.clear();
                liveBytes = 0;
                return ",\"live_mb\":0";
            case "gc":
                System.gc();
                return ",\"gc_count\":" + gcCount();
            case "report":
                return report();
            default:
                throw new IllegalArgumentException("unknown command '" + command + "'");
        }
    }

    private static String exhaust(long holdMs) {
        List<byte[]> held = new ArrayList<>();
        long bytes = 0;
        int failures = 0;
        for (int size = MB; size >= 16; size /= 2) {
            try {
                while (true) {
                    held.add(new byte[size]);
                    bytes += size;
                }
            } catch (OutOfMemoryError full) {
                failures++; // the next, smaller size
            }
        }
        try {
            Thread.sleep(holdMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        held = null; // all of it garbage before the answer is built
        return ",\"filled_mb\":" + bytes / MB + ",\"out_of_memory_errors\":" + failures;
    }

    private static String fill(double share) {
        long max = Runtime.getRuntime().maxMemory();
        while (true) {
            System.gc();
            if (ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >= share * max) {
                return ",\"live_mb\":" + liveBytes / MB;
            }
            for (int i = 0; i < 256; i++) { // 16 MB a step
                byte[] chunk = new byte[64 * 1024];
                for (int p = 0; p < chunk.length; p += PAGE) {
                    chunk[p] = 1;
                }
                LIVE.add(chunk);
                liveBytes += chunk.length;
            }
        }
    }

    private static String report() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        StringBuilder b = new StringBuilder(4096)
                .append(",\"pid\":").append(ProcessHandle.current().pid())
                .append(",\"live_mb\":").append(liveBytes / MB)
                .append(",\"heap_used\":").append(heap.getUsed())
                .append(",\"heap_committed\":").append(heap.getCommitted())
                .append(",\"heap_max\":").append(heap.getMax())
                .append(",\"runtime_max\":").append(Runtime.getRuntime().maxMemory())
                .append(",\"gc_count\":").append(gcCount())
                .append(",\"gc_beans\":[");
        String sep = "";
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            b.append(sep).append("{\"name\":").append(Json.quote(gc.getName()))
                    .append(",\"count\":").append(gc.getCollectionCount())
                    .append(",\"time_ms\":").append(gc.getCollectionTime()).append('}');
            sep = ",";
        }
        b.append("],\"heap_pools\":[");
        sep = "";
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() != MemoryType.HEAP) {
                continue;
            }
            MemoryUsage u = pool.getUsage();
            b.append(sep).append("{\"name\":").append(Json.quote(pool.getName()))
                    .append(",\"used\":").append(u.getUsed())
                    .append(",\"committed\":").append(u.getCommitted())
                    .append(",\"max\":").append(u.getMax()).append('}');
            sep = ",";
        }
        b.append("],\"threads\":[");
        sep = "";
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            b.append(sep).append("{\"name\":").append(Json.quote(t.getName()))
                    .append(",\"daemon\":").append(t.isDaemon()).append('}');
            sep = ",";
        }
        return b.append(']').toString();
    }

    /** Sum over every GC bean; a bean that cannot count (-1) adds nothing. */
    private static long gcCount() {
        long sum = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            sum += Math.max(0, gc.getCollectionCount());
        }
        return sum;
    }
}
