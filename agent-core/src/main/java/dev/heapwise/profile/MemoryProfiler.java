package dev.heapwise.profile;

import dev.heapwise.gc.GcMonitor;
import dev.heapwise.util.RingBuffer;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Takes memory profiles from the platform MXBeans, {@code /proc/self/status} and the GC monitor.
 * {@link #record()} runs on the agent's schedule: it takes a profile into the bounded history and
 * makes it the baseline that rates (allocation, GC) are measured against. {@link #sample()} answers
 * on demand with rates against that baseline, and changes nothing.
 */
public final class MemoryProfiler {
    private final MemoryMXBean memory;
    private final List<MemoryPoolMXBean> pools;
    private final List<BufferPoolMXBean> buffers;
    private final ThreadMXBean threads;
    private final ClassLoadingMXBean classes;
    private final RuntimeMXBean runtime;
    private final ProcStatus proc;
    private final Supplier<MemoryProfile.FileDescriptors> descriptors;
    private final AllocationCounter allocation;
    private final GcMonitor gc;
    private final LongSupplier nanoTime;
    private final Supplier<Instant> clock;
    private final RingBuffer<MemoryProfile> history;
    private final SampledAllocation sampled;

    private Baseline baseline;

    public MemoryProfiler(MemoryMXBean memory, List<MemoryPoolMXBean> pools, List<BufferPoolMXBean> buffers,
                          ThreadMXBean threads, ClassLoadingMXBean classes, RuntimeMXBean runtime, ProcStatus proc,
                          Supplier<MemoryProfile.FileDescriptors> descriptors, AllocationCounter allocation, GcMonitor gc,
                          LongSupplier nanoTime, Supplier<Instant> clock,
                          int historySize, SampledAllocation sampled) {
        this.memory = memory;
        this.pools = List.copyOf(pools);
        this.buffers = List.copyOf(buffers);
        this.threads = threads;
        this.classes = classes;
        this.runtime = runtime;
        this.proc = proc;
        this.descriptors = descriptors;
        this.allocation = allocation;
        this.gc = gc;
        this.nanoTime = nanoTime;
        this.clock = clock;
        this.history = new RingBuffer<>(historySize);
        this.sampled = sampled;
    }

    /**
     * A profiler over this JVM's platform beans.
     *
     * @param sampled the allocation sampler's figures, or null when allocation profiling is off
     */
    public static MemoryProfiler forThisJvm(GcMonitor gc, int historySize, AllocationCounter counter,
                                            SampledAllocation sampled) {
        return new MemoryProfiler(ManagementFactory.getMemoryMXBean(), ManagementFactory.getMemoryPoolMXBeans(),
                ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class), ManagementFactory.getThreadMXBean(),
                ManagementFactory.getClassLoadingMXBean(), ManagementFactory.getRuntimeMXBean(), new ProcStatus(),
                FileDescriptorCount.ofThisJvm(), counter, gc, System::nanoTime, Instant::now, historySize, sampled);
    }

    /** A profiler over this JVM's platform beans, without allocation sampling. */
    public static MemoryProfiler forThisJvm(GcMonitor gc, int historySize) {
        return forThisJvm(gc, historySize, new AllocationCounter(ManagementFactory.getThreadMXBean()), null);
    }

    /** The heap pools by name and kind: what the GC monitor needs to read its notifications. */
    public static Map<String, PoolKind> heapPoolKinds(List<MemoryPoolMXBean> pools) {
        Map<String, PoolKind> out = new LinkedHashMap<>();
        for (MemoryPoolMXBean p : pools) {
            if (p.getType() == MemoryType.HEAP) {
                out.put(p.getName(), PoolKind.of(p.getName(), true));
            }
        }
        return out;
    }

    /** A profile now, with rates since the last recorded one; the history and baseline are untouched. */
    public MemoryProfile sample() {
        Baseline base;
        synchronized (this) {
            base = baseline;
        }
        return build(nanoTime.getAsLong(), allocation.totalAllocatedBytes(), gc.totals(), base);
    }

    /**
     * A profile now with rates since {@code since} (a mark from an earlier call, or null), and the mark
     * to pass next time: for readers with their own period, such as the summary log line.
     */
    public Marked sampleSince(Baseline since) {
        long now = nanoTime.getAsLong();
        long allocated = allocation.totalAllocatedBytes();
        GcMonitor.Totals totals = gc.totals();
        return new Marked(build(now, allocated, totals, since), new Baseline(now, allocated, totals));
    }

    /** A profile and the point it was taken at. */
    public record Marked(MemoryProfile profile, Baseline mark) {
    }

    /** Takes a profile into the history and makes it the new baseline. */
    public synchronized MemoryProfile record() {
        long now = nanoTime.getAsLong();
        long allocated = allocation.totalAllocatedBytes();
        GcMonitor.Totals totals = gc.totals();
        MemoryProfile profile = build(now, allocated, totals, baseline);
        baseline = new Baseline(now, allocated, totals);
        history.add(profile);
        return profile;
    }

    public List<MemoryProfile> history(int limit) {
        return history.newest(limit);
    }

    public int historyCapacity() {
        return history.capacity();
    }

    public int historySize() {
        return history.size();
    }

    /** The newest recorded profile, or null before the first. */
    public MemoryProfile latest() {
        return history.last();
    }

    private MemoryProfile build(long now, long allocated, GcMonitor.Totals totals, Baseline base) {
        MemoryUsage heap = memory.getHeapMemoryUsage();
        MemoryUsage nonHeap = memory.getNonHeapMemoryUsage();
        List<MemoryProfile.Pool> poolList = new ArrayList<>(pools.size());
        long afterGcSum = 0;
        boolean anyAfterGc = false;
        long metaspace = 0, code = 0;
        for (MemoryPoolMXBean p : pools) {
            MemoryUsage u = p.getUsage();
            if (u == null) {
                continue; // pool no longer valid
            }
            boolean isHeap = p.getType() == MemoryType.HEAP;
            PoolKind kind = PoolKind.of(p.getName(), isHeap);
            MemoryUsage after = p.getCollectionUsage();
            MemoryUsage peak = p.getPeakUsage();
            Long afterUsed = after == null ? null : after.getUsed();
            if (isHeap && afterUsed != null) {
                afterGcSum += afterUsed;
                anyAfterGc = true;
            }
            if (kind == PoolKind.METASPACE || kind == PoolKind.COMPRESSED_CLASS) {
                metaspace += u.getCommitted();
            } else if (kind == PoolKind.CODE_CACHE) {
                code += u.getCommitted();
            }
            poolList.add(new MemoryProfile.Pool(p.getName(), isHeap ? "heap" : "non_heap", kind.id(), u.getUsed(),
                    u.getCommitted(), u.getMax() < 0 ? null : u.getMax(), afterUsed, peak == null ? u.getUsed() : peak.getUsed()));
        }
        List<MemoryProfile.BufferPool> bufferList = new ArrayList<>(buffers.size());
        long bufferBytes = 0;
        for (BufferPoolMXBean b : buffers) {
            bufferList.add(new MemoryProfile.BufferPool(b.getName(), b.getCount(), b.getMemoryUsed(), b.getTotalCapacity()));
            bufferBytes += Math.max(0, b.getMemoryUsed());
        }
        MemoryProfile.ProcessMemory process = proc.read();
        long uptime = runtime.getUptime();
        return new MemoryProfile(
                clock.get().toString(),
                uptime,
                new MemoryProfile.Heap(heap.getUsed(), heap.getCommitted(), heap.getMax(),
                        heapAfterGc(anyAfterGc ? afterGcSum : null)),
                new MemoryProfile.NonHeap(nonHeap.getUsed(), nonHeap.getCommitted()),
                poolList,
                bufferList,
                new MemoryProfile.Threads(threads.getThreadCount(), threads.getDaemonThreadCount(),
                        threads.getPeakThreadCount(), threads.getTotalStartedThreadCount()),
                new MemoryProfile.Classes(classes.getLoadedClassCount(), classes.getUnloadedClassCount(),
                        classes.getTotalLoadedClassCount()),
                process,
                descriptors.get(),
                breakdown(process, heap.getCommitted(), nonHeap.getCommitted(), metaspace, code, bufferBytes),
                allocation(now, allocated, base),
                gcActivity(now, uptime, totals, base));
    }

    /**
     * Heap used after the newest collection that reported heap figures. The pools' own after-GC usage
     * is no substitute: G1 and Parallel update the old generation's only on old collections, so it
     * reads 0 (or a stale figure) for as long as only young ones run.
     */
    private Long heapAfterGc(Long poolSum) {
        dev.heapwise.gc.GcEvent last = gc.lastEventWithHeapFigures();
        if (last != null) {
            return last.heapAfterBytes();
        }
        return poolSum == null || poolSum == 0 ? null : poolSum;
    }

    private static MemoryProfile.RssBreakdown breakdown(MemoryProfile.ProcessMemory process, long heapCommitted,
                                                        long nonHeapCommitted, long metaspace, long code, long buffers) {
        if (!process.available()) {
            return null;
        }
        long rss = process.rssBytes();
        long otherNonHeap = Math.max(0, nonHeapCommitted - metaspace - code);
        long attributed = heapCommitted + metaspace + code + otherNonHeap + buffers;
        long unattributed = rss - attributed;
        String note;
        long shmem = process.rssShmemBytes() == null ? 0 : process.rssShmemBytes();
        if (shmem > rss / 4) {
            note = "the heap is mapped as shared memory (ZGC): RSS counts it as RssShmem, and on JDK 17 "
                    + "several times over, so RSS can exceed the committed total";
        } else if (unattributed < 0) {
            note = "committed memory that was never touched is not resident, so RSS is below the committed total";
        } else {
            note = "unattributed: thread stacks, GC and JIT structures, native libraries and malloc";
        }
        return new MemoryProfile.RssBreakdown(rss, heapCommitted, metaspace, code, buffers, otherNonHeap,
                Math.max(0, unattributed), note);
    }

    private MemoryProfile.Allocation allocation(long now, long allocated, Baseline base) {
        Double sampledRate = sampled == null ? null : Math.rint(sampled.bytesPerSecond());
        Double coverage = sampled == null ? null : sampled.coverage();
        if (allocated < 0) {
            return new MemoryProfile.Allocation(false, null, null, null, sampledRate, coverage);
        }
        if (base == null || base.allocatedBytes < 0 || now <= base.nanos) {
            return new MemoryProfile.Allocation(true, allocated, null, null, sampledRate, coverage);
        }
        double seconds = (now - base.nanos) / 1e9;
        double rate = Math.max(0, allocated - base.allocatedBytes) / seconds;
        return new MemoryProfile.Allocation(true, allocated, Math.rint(rate), Math.rint(seconds * 1000), sampledRate,
                coverage);
    }

    private static MemoryProfile.GcActivity gcActivity(long now, long uptimeMs, GcMonitor.Totals totals, Baseline base) {
        Double perMinute = null;
        Double share = null;
        if (base != null && now > base.nanos) {
            double ms = (now - base.nanos) / 1e6;
            perMinute = round((totals.collections() - base.gc.collections()) * 60_000.0 / ms);
            share = round(Math.min(1.0, Math.max(0, totals.pauseTimeMs() - base.gc.pauseTimeMs()) / ms));
        }
        double sinceStart = uptimeMs <= 0 ? 0 : round(Math.min(1.0, totals.pauseTimeMs() / (double) uptimeMs));
        return new MemoryProfile.GcActivity(totals.collections(), totals.pauses(), totals.pauseTimeMs(),
                totals.concurrentTimeMs(), perMinute, share, sinceStart);
    }

    private static double round(double v) {
        return Math.round(v * 10_000.0) / 10_000.0;
    }

    /** The counters at one point in time, which later rates are measured against. */
    public static final class Baseline {
        final long nanos;
        final long allocatedBytes;
        final GcMonitor.Totals gc;

        Baseline(long nanos, long allocatedBytes, GcMonitor.Totals gc) {
            this.nanos = nanos;
            this.allocatedBytes = allocatedBytes;
            this.gc = gc;
        }
    }
}
