package dev.heapwise.gc;

import org.junit.jupiter.api.Test;

import static dev.heapwise.gc.GcClassifier.CONCURRENT;
import static dev.heapwise.gc.GcClassifier.MAJOR;
import static dev.heapwise.gc.GcClassifier.MINOR;
import static dev.heapwise.gc.GcClassifier.PAUSE;
import static org.assertj.core.api.Assertions.assertThat;

/** The bean names and actions measured on JDK 17 and 25 under G1, Parallel, Serial and ZGC. */
class GcClassifierTest {
    @Test
    void stopTheWorldCollectors() {
        assertThat(GcClassifier.phase("G1 Young Generation", "end of minor GC")).isEqualTo(PAUSE);
        assertThat(GcClassifier.action("G1 Young Generation", "end of minor GC")).isEqualTo(MINOR);
        assertThat(GcClassifier.action("G1 Old Generation", "end of major GC")).isEqualTo(MAJOR);
        assertThat(GcClassifier.phase("G1 Concurrent GC", "end of concurrent GC pause")).isEqualTo(PAUSE);
        assertThat(GcClassifier.action("PS Scavenge", "end of minor GC")).isEqualTo(MINOR);
        assertThat(GcClassifier.action("MarkSweepCompact", "end of major GC")).isEqualTo(MAJOR);
        assertThat(GcClassifier.phaseOfBean("Copy")).isEqualTo(PAUSE);
        assertThat(GcClassifier.action("Copy", null)).isEqualTo(MINOR);
    }

    @Test
    void zgcCyclesAreConcurrentPausesArePauses() {
        assertThat(GcClassifier.phase("ZGC Cycles", "end of GC cycle")).isEqualTo(CONCURRENT);
        assertThat(GcClassifier.phase("ZGC Pauses", "end of GC pause")).isEqualTo(PAUSE);
        assertThat(GcClassifier.phaseOfBean("ZGC Major Cycles")).isEqualTo(CONCURRENT);
        assertThat(GcClassifier.phaseOfBean("ZGC Minor Pauses")).isEqualTo(PAUSE);
        assertThat(GcClassifier.action("ZGC Minor Cycles", "end of GC cycle")).isEqualTo(MINOR);
        assertThat(GcClassifier.action("ZGC Major Pauses", "end of GC pause")).isEqualTo(MAJOR);
        assertThat(GcClassifier.action("ZGC Cycles", "end of GC cycle")).isEqualTo(MAJOR);
    }
}
