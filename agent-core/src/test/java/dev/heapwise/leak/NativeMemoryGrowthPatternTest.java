package dev.heapwise.leak;

import dev.heapwise.profile.HostMemory;
import dev.heapwise.profile.NativeMemory;
import dev.heapwise.profile.NativeMemoryFiles;
import dev.heapwise.vm.HeapRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

import static org.assertj.core.api.Assertions.assertThat;

class NativeMemoryGrowthPatternTest {
    private static final long MB = 1L << 20;
    private static final HeapRange HEAP = new HeapRange(0xe0000000L, 0x100000000L);
    /** 20 readings a minute apart, 5 points at least over 60 s, 2 MB/min and 32 MB at least. */
    private static final GrowthRule RULE = new GrowthRule(30 * 60_000, 60_000, 5, 0.99, 2 * MB, 32 * MB);

    @TempDir
    Path dir;

    /** A JVM with these threads and classes, a 1 MB stack each, and a JIT that is done compiling. */
    private static NativeMemoryGrowthPattern.Jvm jvm(IntSupplier threads, IntSupplier classes) {
        return new NativeMemoryGrowthPattern.Jvm(threads, classes, () -> 12_000, 1 << 20);
    }

    private NativeMemoryGrowthPattern pattern(NativeMemoryFiles files) {
        return new NativeMemoryGrowthPattern(true, files.reader(() -> HEAP), RULE,
                () -> new HostMemory.Reading(8192 * MB, 2048 * MB, "cgroup v2 /app"), jvm(() -> 40, () -> 5000));
    }

    @Test
    void nativeMemoryThatKeepsGrowingWithAFlatHeapIsASuspect() throws Exception {
        NativeMemoryFiles files = new NativeMemoryFiles(dir, 512 * MB, 64 * MB);
        NativeMemoryGrowthPattern p = pattern(files);
        for (int i = 0; i < 20; i++) {
            files.write(512 * MB + 300 * MB + i * 8 * MB, 300 * MB); // the heap's 300 MB resident, native +8 MB a minute
            p.sample(i * 60_000L);
        }
        List<Finding> found = p.detect(19 * 60_000L);
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.pattern()).isEqualTo("native-memory-growth");
            assertThat(f.culpritKind()).isEqualTo("native_memory");
            assertThat(f.rate()).isEqualTo(8.0 * MB);
            assertThat(f.details()).containsEntry("heap_resident_bytes", 300 * MB).containsKey("next_step");
            assertThat(f.summary()).contains("cgroup v2 /app");
        });
    }

    @Test
    void growthThatTheClassesAndThreadsAddedExplainIsNot() throws Exception {
        // a test suite's shape: 100 classes and 2 pooled threads more every minute, native +8 MB a minute
        NativeMemoryFiles files = new NativeMemoryFiles(dir, 512 * MB, 64 * MB);
        AtomicInteger threads = new AtomicInteger(20);
        AtomicInteger classes = new AtomicInteger(5000);
        NativeMemoryGrowthPattern p = new NativeMemoryGrowthPattern(true, files.reader(() -> HEAP), RULE, () -> null,
                jvm(threads::get, classes::get));
        for (int i = 0; i < 20; i++) {
            files.write(512 * MB + 300 * MB + i * 8 * MB, 300 * MB);
            p.sample(i * 60_000L);
            threads.addAndGet(2);
            classes.addAndGet(100);
        }
        assertThat(p.detect(19 * 60_000L)).isEmpty();
    }

    @Test
    void growthWhileTheJitCompilesHardIsNotJudged() throws Exception {
        // a test suite's JIT: compiling 20 s a minute; its arenas' high water rises 8 MB a minute
        NativeMemoryFiles files = new NativeMemoryFiles(dir, 512 * MB, 64 * MB);
        AtomicLong compiled = new AtomicLong();
        NativeMemoryGrowthPattern p = new NativeMemoryGrowthPattern(true, files.reader(() -> HEAP), RULE, () -> null,
                new NativeMemoryGrowthPattern.Jvm(() -> 40, () -> 5000, compiled::get, 1 << 20));
        for (int i = 0; i < 20; i++) {
            files.write(512 * MB + 300 * MB + i * 8 * MB, 300 * MB);
            p.sample(i * 60_000L);
            compiled.addAndGet(20_000);
        }
        assertThat(p.detect(19 * 60_000L)).isEmpty();
    }

    @Test
    void aHeapBeingTouchedIsTheHeapsNotNative() throws Exception {
        // committed heap fixed (-Xms), its pages touched 50 MB a minute: anonymous RSS rises, native does not
        NativeMemoryFiles files = new NativeMemoryFiles(dir, 2048 * MB, 64 * MB);
        NativeMemoryGrowthPattern p = pattern(files);
        for (int i = 0; i < 20; i++) {
            files.write(100 * MB + 200 * MB + i * 50 * MB, 200 * MB + i * 50 * MB);
            p.sample(i * 60_000L);
        }
        assertThat(p.detect(19 * 60_000L)).isEmpty();
    }

    @Test
    void growthThatIsTheCollectorsStructuresFollowingTheHeapIsNot() throws Exception {
        NativeMemoryFiles files = new NativeMemoryFiles(dir, 512 * MB, 64 * MB);
        NativeMemoryGrowthPattern p = pattern(files);
        for (int i = 0; i < 20; i++) {
            long heap = 512 * MB + i * 100 * MB; // the heap grows 100 MB a minute, the collector's native part 4 MB
            files.committed(heap);
            files.write(heap + 200 * MB + i * 4 * MB, heap);
            p.sample(i * 60_000L);
        }
        assertThat(p.detect(19 * 60_000L)).isEmpty();
    }

    @Test
    void arenasThatFillAndLevelOffAreNot() throws Exception {
        NativeMemoryFiles files = new NativeMemoryFiles(dir, 512 * MB, 64 * MB);
        NativeMemoryGrowthPattern p = pattern(files);
        for (int i = 0; i < 20; i++) {
            long nativePart = 100 * MB + Math.min(i, 8) * 10 * MB;
            files.write(300 * MB + nativePart, 300 * MB);
            p.sample(i * 60_000L);
        }
        assertThat(p.detect(19 * 60_000L)).isEmpty();
    }

    @Test
    void aHighWaterMarkThatJumpedOnceOnASlowDriftIsNot() throws Exception {
        // the shape measured on JDK 25 G1 under a healthy sawtooth: a young JVM's drift of 2 MB a minute, then
        // one burst that needed 30 MB more than any before; malloc keeps it, so the process stays there
        NativeMemoryFiles files = new NativeMemoryFiles(dir, 512 * MB, 64 * MB);
        NativeMemoryGrowthPattern p = pattern(files);
        boolean trendAloneWouldSuspect = false;
        Series written = new Series(1024); // the native part as written: what the rule alone would judge
        for (int i = 0; i < 12 * 12; i++) { // a reading every 5 s for 12 minutes
            long t = i * 5_000L;
            long noise = ((i * 7) % 5 - 2) * MB;
            long nativePart = 60 * MB + t * 2 * MB / 60_000 + (t >= 330_000 ? 30 * MB : 0) + noise;
            files.write(300 * MB + nativePart, 300 * MB);
            p.sample(t);
            assertThat(p.detect(t)).as("at %d s", t / 1000).isEmpty();
            written.add(t, nativePart);
            Trend trend = RULE.judge(written, t);
            trendAloneWouldSuspect |= trend != null;
        }
        assertThat(trendAloneWouldSuspect).as("the rate and levelling tests alone take the step for growth").isTrue();
    }

    @Test
    void aDriftThenOneStepWhoseThirdsLookSteadyIsNot() throws Exception {
        // measured on JDK 25 G1 under the healthy sawtooth (HealthyAppsIT, ten minutes): 35 MB at the first
        // reading, 60 MB five seconds later, a drift of 1 MB a minute for five minutes, one 30 MB step, then
        // flat; read as 5.8 MB/min with steadiness 0.42 (past the thirds' test), outside the step about 0.2
        NativeMemoryFiles files = new NativeMemoryFiles(dir, 512 * MB, 64 * MB);
        NativeMemoryGrowthPattern p = pattern(files);
        Series written = new Series(1024);
        Trend last = null;
        for (int i = 0; i < 100; i++) { // a reading every 5 s for 8 min 20 s
            long t = i * 5_000L;
            long noise = ((i * 7) % 5 - 2) * MB;
            long nativePart = i == 0 ? 35 * MB : 60 * MB + t * MB / 60_000 + (i >= 64 ? 30 * MB : 0) + noise;
            files.write(300 * MB + nativePart, 300 * MB);
            p.sample(t);
            assertThat(p.detect(t)).as("at %d s", t / 1000).isEmpty();
            written.add(t, nativePart);
            last = written.trend(t, RULE.windowMs(), RULE.confidence());
        }
        assertThat(last.outsideStep()).isLessThan(GrowthRule.MIN_OUTSIDE_STEP);
    }

    /** Native memory, in MB, read every 5 s from a healthy script engine's JVM (JDK 25 G1, HealthyAppsIT's {@code scripts}). */
    private static final double[] STAIRCASE_MB = {
            29.6, 36.5, 36.9, 37.2, 43.1, 43.3, 47.2, 47.3, 47.0, 46.4, 46.0, 45.5, 45.2, 44.8, 45.3, 45.5, 45.5, 45.7, 45.7,
            45.8, 45.7, 45.8, 49.5, 49.5, 49.0, 48.7, 48.2, 47.8, 47.3, 46.8, 46.5, 46.5, 46.5, 46.5, 46.6, 46.8, 46.8, 46.8,
            46.8, 46.8, 47.0, 47.0, 47.3, 57.9, 57.9, 58.3, 58.3, 57.9, 57.6, 57.1, 56.6, 56.2, 55.6, 55.3, 54.8, 57.4, 57.5,
            57.5, 57.0, 58.5, 58.1, 57.7, 64.1, 85.2, 85.2, 86.6, 86.9, 86.7, 86.3, 85.8, 85.4, 86.1, 86.1, 85.8, 86.3, 86.2,
            85.9, 86.6, 86.1, 85.8, 86.5, 86.4, 85.8, 86.4, 86.4, 85.9, 86.8, 86.3, 85.9, 86.8, 86.7, 86.3, 86.9, 86.7};

    @Test
    void aStaircaseOfHighWaterStepsFlatSinceItsLastIsNot() throws Exception {
        // measured (STAIRCASE_MB): steps in three thirds of the window pass the thirds' and the step's tests at the
        // end (steadiness 0.54, outside the step 0.51), 2.5 minutes after the last step
        NativeMemoryFiles files = new NativeMemoryFiles(dir, 512 * MB, 64 * MB);
        NativeMemoryGrowthPattern p = pattern(files);
        Series written = new Series(1024);
        for (int i = 0; i < STAIRCASE_MB.length; i++) {
            long t = i * 5_000L;
            long nativePart = Math.round(STAIRCASE_MB[i] * MB);
            files.write(300 * MB + 64 * MB + nativePart, 300 * MB); // heap resident, non-heap committed, native
            p.sample(t);
            assertThat(p.detect(t)).as("at %d s", t / 1000).isEmpty();
            written.add(t, nativePart);
        }
        long end = (STAIRCASE_MB.length - 1) * 5_000L;
        assertThat(RULE.judgeSpread(written, end)).as("the spread tests alone take the staircase for growth").isNotNull();
    }

    @Test
    void aNoisyLeakReadEveryFiveSecondsIsASuspect() throws Exception {
        NativeMemoryFiles files = new NativeMemoryFiles(dir, 512 * MB, 64 * MB);
        NativeMemoryGrowthPattern p = pattern(files);
        long end = 0;
        for (int i = 0; i < 96; i++) { // 8 minutes at 6 MB a minute, 2 MB either way between readings
            end = i * 5_000L;
            long noise = ((i * 7) % 5 - 2) * MB;
            files.write(300 * MB + 64 * MB + 30 * MB + end * 6 * MB / 60_000 + noise, 300 * MB);
            p.sample(end);
        }
        assertThat(p.detect(end)).hasSize(1);
    }

    @Test
    void withoutTheHeapsRangeOrSharedMemoryItSaysWhyItIsOff() throws Exception {
        NativeMemoryFiles files = new NativeMemoryFiles(dir, 512 * MB, 64 * MB);
        files.write(400 * MB, 300 * MB);
        NativeMemory reader = files.reader(() -> null);
        assertThat(reader.unavailable()).contains("GC.heap_info");
        NativeMemoryGrowthPattern p = new NativeMemoryGrowthPattern(true, reader, RULE, () -> null, jvm(() -> 40, () -> 5000));
        p.sample(0);
        assertThat(p.settings()).containsEntry("available", false);
        assertThat(p.detect(0)).isEmpty();
    }
}
