package dev.heapwise.sampling;

import dev.heapwise.bootstrap.MethodSink;
import dev.heapwise.profile.AllocationCounter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class MethodAllocationsTest {
    @Test
    void registrationIsIdempotentAndBounded() {
        MethodAllocations m = new MethodAllocations(2, () -> 0);
        int a = m.register("C", "a", "()V");
        int b = m.register("C", "b", "()V");
        assertThat(m.register("C", "a", "()V")).isEqualTo(a);
        assertThat(b).isNotEqualTo(a);
        assertThat(m.register("C", "c", "()V")).isEqualTo(-1);
        assertThat(m.rejected()).isEqualTo(1);
        assertThat(m.tracked()).isEqualTo(2);
    }

    @Test
    void figuresAddUpUnderConcurrentExitsAndResetForgetsThem() throws Exception {
        MethodAllocations m = new MethodAllocations(10, () -> 0);
        int id = m.register("C", "handle", "()V");
        int threads = 4;
        int perThread = 50_000;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    m.exited(id, i % 100 == 0 ? 100_000 : 1_000);
                }
            });
            w.start();
            workers.add(w);
        }
        go.countDown();
        for (Thread w : workers) {
            w.join();
        }
        MethodAllocations.Figures f = m.snapshot().get(0);
        long n = (long) threads * perThread;
        assertThat(f.invocations()).isEqualTo(n);
        assertThat(f.totalBytes()).isEqualTo(n / 100 * 100_000 + (n - n / 100) * 1_000);
        // HdrHistogram at one significant digit: the reported value is within 1/16 above the truth
        assertThat(f.p50Bytes()).isBetween(1_000L, 1_000L * 17 / 16);
        assertThat(f.p99Bytes()).isBetween(1_000L, 100_000L * 17 / 16);
        assertThat(f.maxBytes()).isBetween(100_000L, 100_000L * 17 / 16);
        assertThat(f.method()).isEqualTo("C.handle");

        m.exited(-1, 5);
        m.exited(7, 5); // an id never registered: ignored
        m.reset();
        assertThat(m.snapshot()).isEmpty();
    }

    @Test
    void invocationsOnVirtualThreadsAreCountedButKeptOutOfTheByteFigures() {
        MethodAllocations m = new MethodAllocations(10, () -> 0);
        int measured = m.register("C", "both", "()V");
        int virtualOnly = m.register("C", "virtualOnly", "()V");
        m.exited(measured, 1_000);
        m.exited(measured, 3_000);
        m.unmeasured(measured);
        for (int i = 0; i < 5; i++) {
            m.unmeasured(virtualOnly);
        }
        m.unmeasured(99); // an id never registered: ignored

        List<MethodAllocations.Figures> figures = m.snapshot();
        assertThat(figures).extracting(MethodAllocations.Figures::methodName).containsExactly("both", "virtualOnly");
        MethodAllocations.Figures both = figures.get(0);
        assertThat(both.invocations()).isEqualTo(3);
        assertThat(both.unmeasuredInvocations()).isEqualTo(1);
        assertThat(both.totalBytes()).isEqualTo(4_000);
        assertThat(both.meanBytes()).isEqualTo(2_000); // over the two measured invocations only
        MethodAllocations.Figures only = figures.get(1);
        assertThat(only.invocations()).isEqualTo(5);
        assertThat(only.meanBytes()).isZero();

        List<Map<String, Object>> report = AllocationReport.byMethod(figures, 1_000_000_000L, 0, 10, "why");
        assertThat(report.get(0)).containsEntry("invocations", 3L).containsEntry("unmeasured_invocations", 1L)
                .containsEntry("mean_bytes", 2_000L).containsEntry("unmeasured_reason", "why");
        // nothing measured: no per-invocation figure rather than a figure of 0
        assertThat(report.get(1)).containsEntry("unmeasured_invocations", 5L).containsEntry("mean_bytes", null)
                .containsEntry("p99_bytes", null);

        m.reset();
        assertThat(m.snapshot()).isEmpty();
    }

    @Test
    void theThreadsCountIsUnknownOnlyWhereTheJvmHasNone() {
        assertThat(new MethodAllocations(1, () -> -1).allocatedBytes()).isEqualTo(MethodSink.UNKNOWN);
        assertThat(new MethodAllocations(1, () -> 4_096).allocatedBytes()).isNotEqualTo(MethodSink.UNKNOWN);
    }

    @Test
    void theReasonSaysWhetherTheCounterIsOffOrTheThreadsAreVirtual() {
        com.sun.management.ThreadMXBean counting = mock(com.sun.management.ThreadMXBean.class);
        when(counting.isThreadAllocatedMemorySupported()).thenReturn(true);
        when(counting.isThreadAllocatedMemoryEnabled()).thenReturn(true);
        assertThat(MethodAllocations.unmeasuredReason(AllocationCounter.counts(counting))).contains("virtual threads");
        when(counting.isThreadAllocatedMemoryEnabled()).thenReturn(false);
        assertThat(MethodAllocations.unmeasuredReason(AllocationCounter.counts(counting))).contains("counter is off");
    }
}
