package dev.heapwise.leak;

import dev.heapwise.profile.HostMemory;
import dev.heapwise.profile.NativeMemory;
import dev.heapwise.util.Units;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * native-memory-growth: the process's native memory outside the heap, metaspace, code cache and direct
 * buffers ({@link NativeMemory}) trends up: malloc that is never freed, by JNI code or by the JDK's own
 * native parts (an {@code Inflater}/{@code Deflater} or {@code ZipFile} kept and never closed holds
 * hundreds of KB of zlib state each), or threads started and kept (their stacks). The heap figures never
 * show it; the container's OOM killer does. Severity from the time left until the container's or
 * machine's limit at this rate.
 *
 * <p>Healthy causes of native growth are not suspected. The JVM's own structures grow with what it
 * holds: the collector's (mark bitmaps, remembered sets) with the committed heap, so growth below a
 * quarter of the committed heap's growth is the heap's; a thread's with its stack, so each thread added
 * over the window allows its stack size; a class's with its symbols, its class data outside metaspace
 * and the JIT compiling its code, so each class loaded over the window allows {@link #BYTES_PER_CLASS}.
 * Only growth beyond all three is suspected: a test suite loading class after class and starting pools
 * as it goes, or an application still warming up, is not a native leak (a thread leak is thread-growth's).
 * A young JVM's arenas (JIT compilers, malloc's per-thread arenas) fill and level off, which the shared
 * levelling test catches; while the JIT compiler works hard (more than {@link #JIT_BUSY_MS_PER_MINUTE}), it
 * is not judged at all: a compilation's arena can take tens of MB for a moment, and malloc keeps that high
 * water after it is freed (NMT's Compiler category peaked at 80 MB, then fell to 2 MB, while commons-math's
 * test suite ran on JDK 25; the process's resident memory stayed up, and rose with each bigger compilation).
 *
 * <p>A third looks like a leak on a short window: malloc's high-water mark. A burst that needs more
 * native memory than any before (a collector's remembered sets over a big batch, a compiler arena) raises
 * the process's resident memory in one step, and freeing does not lower it; on top of a slow drift of the
 * young JVM that reads as growth with confidence. Measured on JDK 25 G1 with a healthy sawtooth: 60 MB, a
 * drift of 2 MB/min, then one step to 97 MB. A leak climbs all the time, so growth is suspected only
 * when it is spread over the window and still rising in its newest quarter ({@link GrowthRule#judgeHighWater}).
 */
public final class NativeMemoryGrowthPattern extends SwitchedPattern {
    public static final String NAME = "native-memory-growth";
    /** Native growth below this share of the committed heap's growth is the collector's structures growing with the heap. */
    static final double HEAP_SHARE = 0.25;
    /**
     * Native growth a loaded class accounts for. Loading alone adds about 1.5 KB a class (NMT's Symbol and
     * Class, 4,300 classes of Lucene, commons-math and H2 loaded on JDK 17); a JVM that loads classes also
     * runs and compiles them: commons-math's test suite under the agent grew native memory by 47-53 KB per
     * class loaded (JDK 17: 31 MB/min at 587 classes a minute; JDK 25: 20 MB/min at 420).
     */
    static final long BYTES_PER_CLASS = 64 * 1024;
    /** JIT compilation time a minute above which the compiler's arenas, not a leak, can explain native growth (10% of a core). */
    static final long JIT_BUSY_MS_PER_MINUTE = 6_000;

    /** What the JVM itself holds natively that grows: threads (stacks), classes, the JIT's work. */
    public record Jvm(IntSupplier threads, IntSupplier classes, LongSupplier compileMillis, long stackBytes) {
        /** This JVM's, from its MXBeans; compilation time is -1 where the JVM does not measure it. */
        public static Jvm ofThisJvm(long stackBytes) {
            CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
            LongSupplier compile = jit != null && jit.isCompilationTimeMonitoringSupported() ? jit::getTotalCompilationTime : () -> -1;
            return new Jvm(ManagementFactory.getThreadMXBean()::getThreadCount,
                    ManagementFactory.getClassLoadingMXBean()::getLoadedClassCount, compile, stackBytes);
        }
    }
    private static final int POINTS = 512;

    private final NativeMemory memory;
    private final GrowthRule rule;
    private final Supplier<HostMemory.Reading> host;
    private final Jvm jvm;
    private final Series nativeBytes = new Series(POINTS);
    private final Series heapCommitted = new Series(POINTS);
    private final Series threadCount = new Series(POINTS);
    private final Series classCount = new Series(POINTS);
    private final Series compileMillis = new Series(POINTS);
    private NativeMemory.Reading latest;
    private String unavailable;

    /**
     * @param host    the memory limit severity is judged against (null readings: no limit known)
     * @param jvm  the JVM's threads, classes and JIT work, which its own native memory grows with
     */
    public NativeMemoryGrowthPattern(boolean enabled, NativeMemory memory, GrowthRule rule, Supplier<HostMemory.Reading> host,
                                     Jvm jvm) {
        super(NAME, enabled);
        this.memory = memory;
        this.rule = rule;
        this.host = host;
        this.jvm = jvm;
    }

    @Override
    public synchronized Map<String, Object> settings() {
        Map<String, Object> m = rule.describe("bytes");
        m.put("min_steadiness", GrowthRule.MIN_STEADINESS);
        m.put("min_outside_step", GrowthRule.MIN_OUTSIDE_STEP);
        m.put("min_newest_share", GrowthRule.MIN_NEWEST_SHARE);
        m.put("heap_growth_share", HEAP_SHARE);
        m.put("allowed_bytes_per_thread", jvm.stackBytes());
        m.put("allowed_bytes_per_class", BYTES_PER_CLASS);
        m.put("not_judged_above_jit_ms_per_minute", JIT_BUSY_MS_PER_MINUTE);
        m.put("available", enabled() && unavailable == null);
        m.put("reason_unavailable", unavailable);
        return m;
    }

    @Override
    public void sample(long nowMs) throws Exception {
        String why = memory.unavailable();
        NativeMemory.Reading r = why == null ? memory.read() : null;
        int live = jvm.threads().getAsInt();
        int loaded = jvm.classes().getAsInt();
        long compiled = jvm.compileMillis().getAsLong();
        synchronized (this) {
            unavailable = why;
            if (r == null) {
                return;
            }
            latest = r;
            nativeBytes.add(nowMs, r.nativeBytes());
            heapCommitted.add(nowMs, r.heapCommittedBytes());
            threadCount.add(nowMs, live);
            classCount.add(nowMs, loaded);
            if (compiled >= 0) {
                compileMillis.add(nowMs, compiled);
            }
        }
    }

    /** The series' rate over the window (Theil-Sen), or 0 where it falls or cannot be told. */
    private double risePerMinute(Series series, long nowMs) {
        Trend t = series.trend(nowMs, rule.windowMs(), rule.confidence());
        return t == null ? 0 : Math.max(0, t.slopePerMinute());
    }

    @Override
    public synchronized List<Finding> detect(long nowMs) {
        Trend t = rule.judgeHighWater(nativeBytes, nowMs);
        if (t == null || latest == null) {
            return List.of();
        }
        double jitRate = risePerMinute(compileMillis, nowMs);
        if (jitRate > JIT_BUSY_MS_PER_MINUTE) {
            return List.of(); // the compiler's arenas: malloc keeps their high water
        }
        double heapRate = risePerMinute(heapCommitted, nowMs);
        double allowed = HEAP_SHARE * heapRate + risePerMinute(threadCount, nowMs) * jvm.stackBytes()
                + risePerMinute(classCount, nowMs) * BYTES_PER_CLASS;
        if (t.slopePerMinute() < allowed) {
            return List.of(); // the JVM's own structures, growing with its heap, threads and classes
        }
        List<Point> threadPoints = threadCount.points(nowMs, rule.windowMs());
        int threadsThen = threadPoints.isEmpty() ? 0 : (int) threadPoints.get(0).value();
        int threadsNow = threadPoints.isEmpty() ? 0 : (int) threadPoints.get(threadPoints.size() - 1).value();
        HostMemory.Reading limit = host.get();
        Double minutesLeft = limit == null || limit.limitBytes() <= 0 ? null
                : Math.max(0, (limit.limitBytes() - limit.usedBytes()) / t.slopePerMinute());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("native_bytes", latest.nativeBytes());
        details.put("anonymous_rss_bytes", latest.anonRssBytes());
        details.put("heap_resident_bytes", latest.heapResidentBytes());
        details.put("non_heap_committed_peak_bytes", latest.nonHeapCommittedBytes());
        details.put("direct_buffer_bytes", latest.directBytes());
        details.put("heap_committed_growth_per_minute", Math.round(heapRate));
        details.put("threads_at_window_start", threadsThen);
        details.put("threads_now", threadsNow);
        details.put("loaded_classes_per_minute", Math.round(risePerMinute(classCount, nowMs)));
        details.put("allowed_growth_per_minute", Math.round(allowed));
        details.put("jit_compile_ms_per_minute", Math.round(jitRate));
        details.put("memory_limit_bytes", limit == null ? null : limit.limitBytes());
        details.put("memory_limit_source", limit == null ? null : limit.source());
        details.put("projected_minutes_to_limit", minutesLeft == null ? null : Units.round3(minutesLeft));
        details.put("trend", t.describe());
        details.put("next_step", "restart with -XX:NativeMemoryTracking=summary and compare 'jcmd <pid> VM.native_memory summary'"
                + " over time (memory malloc'd by JNI libraries is outside it: then look for Inflater, Deflater, ZipFile"
                + " or native-library handles that are never closed, e.g. in GET /v1/memory/leaks with classHistogramInterval set)");
        String threadNote = threadsNow - threadsThen >= 10
                ? String.format("; live threads rose from %d to %d meanwhile (each stack is native memory: see thread-growth)",
                threadsThen, threadsNow)
                : "";
        String summary = String.format("native memory outside the heap, metaspace, code cache and direct buffers keeps growing:"
                        + " %s/min, %s now%s%s", Units.bytes(Math.round(t.slopePerMinute())), Units.bytes(latest.nativeBytes()),
                minutesLeft == null ? "" : ", the " + limit.source() + " limit reached in " + Units.minutes(minutesLeft), threadNote);
        List<Finding> out = new ArrayList<>();
        out.add(new Finding(NAME, "native memory (malloc, JNI, JDK native libraries)", "native_memory",
                Severity.byTimeLeft(minutesLeft), t.confidence(), t.slopePerMinute(), latest.nativeBytes(), "bytes", summary,
                details, nativeBytes.points(nowMs, rule.windowMs())));
        return out;
    }
}
