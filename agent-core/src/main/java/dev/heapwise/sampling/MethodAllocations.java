package dev.heapwise.sampling;

import dev.heapwise.bootstrap.AllocationBridge;
import dev.heapwise.bootstrap.MethodBridge;
import dev.heapwise.bootstrap.MethodSink;
import org.HdrHistogram.AtomicHistogram;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Bytes allocated per invocation of each tracked method ({@code trackMethods=}), inclusive of everything
 * the JVM allocates underneath on the same thread: invocations, total, mean, p50/p99/max. Methods are
 * registered at transform time, each getting its counters and a histogram then, so recording an exit
 * allocates nothing and takes no lock (atomic adds, and HdrHistogram's lock-free AtomicHistogram with one
 * significant digit: values within 1/16, about 5 KB a method). At most {@code capacity} methods: past
 * it, methods are left uninstrumented.
 *
 * <p>Invocations on virtual threads are counted but not measured: the JVM keeps allocated bytes per
 * platform thread only (a virtual thread's {@code getCurrentThreadAllocatedBytes} is -1 on JDK 21 to 25),
 * and a carrier's count mixes every virtual thread it ran between the method's entry and exit. So are
 * all invocations while the JVM's per-thread counter is off ({@link #unmeasuredReason} tells which).
 */
public final class MethodAllocations implements MethodSink {
    /** Largest value a histogram holds; a larger invocation is recorded as this (1 TB: never in practice). */
    private static final long MAX_RECORDED = 1L << 40;

    private final int capacity;
    private final LongSupplier threadAllocatedBytes;
    private final Map<String, Integer> ids = new HashMap<>();
    private final BoundedInterner names = new BoundedInterner(100_000);
    private final String[] className;
    private final String[] methodName;
    private final String[] descriptor;
    private final AtomicHistogram[] histograms;
    private final AtomicLongArray invocations;
    private final AtomicLongArray bytes;
    private final AtomicLongArray unmeasured;
    private final long[] bytesAtRotation;
    private final long[] lastWindowBytes;
    private volatile int size;
    private long rejected;

    /** @param threadAllocatedBytes the current thread's allocated bytes so far, or -1 where unknown */
    public MethodAllocations(int capacity, LongSupplier threadAllocatedBytes) {
        this.capacity = Math.max(1, capacity);
        this.threadAllocatedBytes = threadAllocatedBytes;
        this.className = new String[this.capacity];
        this.methodName = new String[this.capacity];
        this.descriptor = new String[this.capacity];
        this.histograms = new AtomicHistogram[this.capacity];
        this.invocations = new AtomicLongArray(this.capacity);
        this.bytes = new AtomicLongArray(this.capacity);
        this.unmeasured = new AtomicLongArray(this.capacity);
        this.bytesAtRotation = new long[this.capacity];
        this.lastWindowBytes = new long[this.capacity];
    }

    public void attach() {
        MethodBridge.sink(this);
    }

    public void detach() {
        MethodBridge.sink(null);
    }

    /** The id of a method, registering it if new; -1 when the table is full. Called at transform time. */
    public synchronized int register(String cls, String method, String desc) {
        String key = cls + '.' + method + desc;
        Integer known = ids.get(key);
        if (known != null) {
            return known;
        }
        int id = size;
        if (id >= capacity) {
            rejected++;
            return -1;
        }
        className[id] = names.intern(cls);
        methodName[id] = names.intern(method);
        descriptor[id] = desc;
        histograms[id] = new AtomicHistogram(MAX_RECORDED, 1);
        ids.put(key, id);
        size = id + 1;
        return id;
    }

    /**
     * The thread's allocated bytes less what the agent's own sampling allocated on it (which can take it
     * below zero: that count is per bridge slot, and threads may share one), or UNKNOWN where the JVM has none.
     */
    @Override
    public long allocatedBytes() {
        long bytes = threadAllocatedBytes.getAsLong();
        return bytes < 0 ? MethodSink.UNKNOWN : bytes - AllocationBridge.ownAllocated();
    }

    @Override
    public void exited(int method, long allocated) {
        if (method < 0 || method >= size) {
            return;
        }
        invocations.incrementAndGet(method);
        bytes.addAndGet(method, allocated);
        histograms[method].recordValue(Math.min(allocated, MAX_RECORDED));
    }

    @Override
    public void unmeasured(int method) {
        if (method >= 0 && method < size) {
            unmeasured.incrementAndGet(method);
        }
    }

    /**
     * Why invocations went unmeasured, for the report: {@code counting} is whether the JVM's per-thread
     * counter is on now (then the threads were virtual).
     */
    public static String unmeasuredReason(boolean counting) {
        return counting
                ? "invocations on virtual threads, whose allocated bytes the JVM does not count: counted, not measured;"
                        + " the byte figures are over the others"
                : "the JVM's per-thread allocation counter is off or unsupported (ThreadMXBean.isThreadAllocatedMemoryEnabled):"
                        + " invocations are counted, not measured";
    }

    /** Closes the current window of per-method bytes. */
    public synchronized void rotateWindow() {
        for (int i = 0; i < size; i++) {
            long b = bytes.get(i);
            lastWindowBytes[i] = b - bytesAtRotation[i];
            bytesAtRotation[i] = b;
        }
    }

    /** Forgets every count (methods stay registered and instrumented). */
    public synchronized void reset() {
        for (int i = 0; i < size; i++) {
            invocations.set(i, 0);
            bytes.set(i, 0);
            unmeasured.set(i, 0);
            histograms[i].reset();
        }
        Arrays.fill(bytesAtRotation, 0);
        Arrays.fill(lastWindowBytes, 0);
    }

    /** Methods registered that could not be tracked because the table was full. */
    public synchronized long rejected() {
        return rejected;
    }

    public int tracked() {
        return size;
    }

    /** Per-method figures of every method invoked since the last reset, heaviest total first. */
    public synchronized List<Figures> snapshot() {
        List<Figures> out = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            long n = invocations.get(i);
            long u = unmeasured.get(i);
            if (n == 0 && u == 0) {
                continue;
            }
            Histogram copy = histograms[i].copy();
            out.add(new Figures(className[i], methodName[i], descriptor[i], n, u, bytes.get(i),
                    copy.getValueAtPercentile(50), copy.getValueAtPercentile(99), copy.getMaxValue(), lastWindowBytes[i]));
        }
        out.sort(Comparator.comparingLong(Figures::totalBytes).thenComparingLong(Figures::invocations).reversed());
        return out;
    }

    /**
     * One tracked method's figures: byte figures are over its measured invocations; percentiles are
     * HdrHistogram's equivalent values (within 1/16).
     */
    public record Figures(String className, String methodName, String descriptor, long measuredInvocations,
                          long unmeasuredInvocations, long totalBytes, long p50Bytes, long p99Bytes, long maxBytes,
                          long lastWindowBytes) {
        public String method() {
            return className + "." + methodName;
        }

        public long invocations() {
            return measuredInvocations + unmeasuredInvocations;
        }

        public long meanBytes() {
            return measuredInvocations == 0 ? 0 : totalBytes / measuredInvocations;
        }
    }
}
