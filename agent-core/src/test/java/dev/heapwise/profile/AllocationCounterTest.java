package dev.heapwise.profile;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

class AllocationCounterTest {
    static volatile Object sink;

    @Test
    void countsAllocationAndKeepsTheBytesOfThreadsThatEnded() throws Exception {
        AllocationCounter c = new AllocationCounter(ManagementFactory.getThreadMXBean());
        assertThat(c.available()).isTrue();
        long start = c.totalAllocatedBytes();
        Thread worker = new Thread(() -> {
            for (int i = 0; i < 100; i++) {
                sink = new byte[1 << 20];
            }
            try {
                Thread.sleep(300); // stay alive until the counter has read this thread once
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        worker.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        long during;
        do {
            during = c.totalAllocatedBytes();
        } while (during - start < 100L << 20 && System.nanoTime() < deadline && worker.isAlive());
        assertThat(during - start).isGreaterThanOrEqualTo(100L << 20);
        worker.join();
        long after = c.totalAllocatedBytes();
        assertThat(after).isGreaterThanOrEqualTo(during);
    }
}
