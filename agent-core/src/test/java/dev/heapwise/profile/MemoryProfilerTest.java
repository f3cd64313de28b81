package dev.heapwise.profile;

import dev.heapwise.gc.GcMonitor;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** A profiler over this test JVM's real beans. */
class MemoryProfilerTest {
    static volatile Object sink;

    private static MemoryProfiler profiler(int history) {
        GcMonitor gc = new GcMonitor(ManagementFactory.getGarbageCollectorMXBeans(),
                MemoryProfiler.heapPoolKinds(ManagementFactory.getMemoryPoolMXBeans()),
                ManagementFactory.getRuntimeMXBean().getStartTime(), 16, 60_000, System::nanoTime);
        return MemoryProfiler.forThisJvm(gc, history);
    }

    @Test
    void aProfileDescribesThisJvm() {
        MemoryProfile p = profiler(4).sample();
        assertThat(p.heap().maxBytes()).isEqualTo(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax());
        assertThat(p.heap().usedBytes()).isPositive();
        assertThat(p.pools()).anySatisfy(pool -> assertThat(pool.kind()).isEqualTo("metaspace"));
        assertThat(p.pools()).anySatisfy(pool -> assertThat(pool.type()).isEqualTo("heap"));
        assertThat(p.bufferPools()).extracting(MemoryProfile.BufferPool::name).contains("direct", "mapped");
        assertThat(p.threads().live()).isPositive();
        assertThat(p.threads().peak()).isGreaterThanOrEqualTo(p.threads().live());
        assertThat(p.classes().loaded()).isPositive();
        assertThat(p.timestamp()).endsWith("Z");
        assertThat(p.allocation().available()).isTrue();
        assertThat(p.allocation().bytesPerSecond()).as("no baseline yet").isNull();
        if (p.process().available()) {
            assertThat(p.rssBreakdown()).isNotNull();
            assertThat(p.rssBreakdown().heapCommittedBytes()).isEqualTo(p.heap().committedBytes());
            // Linux: the descriptors this JVM holds (its jars, the module image, stdio) under its limit
            assertThat(p.fileDescriptors().open()).isGreaterThan(3);
            assertThat(p.fileDescriptors().share()).isBetween(0.0, 1.0);
        }
    }

    @Test
    void ratesAreMeasuredAgainstTheLastRecordedProfile() throws Exception {
        MemoryProfiler profiler = profiler(3);
        profiler.record();
        for (int i = 0; i < 50; i++) {
            sink = new byte[1 << 20];
        }
        Thread.sleep(50);
        MemoryProfile p = profiler.sample();
        assertThat(p.allocation().bytesPerSecond()).isPositive();
        assertThat(p.allocation().windowMs()).isPositive();
        assertThat(p.gc().pauseTimeShare()).isBetween(0.0, 1.0);
        assertThat(profiler.history(10)).as("sample() does not record").hasSize(1);
    }

    @Test
    void historyIsBounded() {
        MemoryProfiler profiler = profiler(3);
        for (int i = 0; i < 7; i++) {
            profiler.record();
        }
        assertThat(profiler.history(100)).hasSize(3);
        assertThat(profiler.latest()).isSameAs(profiler.history(1).get(0));
    }
}
