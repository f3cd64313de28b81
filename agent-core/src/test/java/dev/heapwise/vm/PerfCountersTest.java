package dev.heapwise.vm;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** This JVM's own counters, read from its perf-data file as jstat would. */
class PerfCountersTest {
    @Test
    void countersOfThisJvmAreReadAndFollowItsCollections() {
        PerfCounters perf = PerfCounters.open();
        assumeTrue(perf != null, "this JVM publishes no perf data (-XX:-UsePerfData)");
        long full = perf.get("sun.gc.collector.1.invocations");
        assertThat(full).isGreaterThanOrEqualTo(0);
        System.gc();
        assertThat(perf.get("sun.gc.collector.1.invocations")).isGreaterThan(full);
        assertThat(perf.get("no.such.counter")).isEqualTo(-1);
        assertThat(perf.all()).containsKey("sun.gc.collector.0.invocations");
    }
}
