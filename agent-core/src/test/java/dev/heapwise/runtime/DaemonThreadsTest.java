package dev.heapwise.runtime;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;

import static org.assertj.core.api.Assertions.assertThat;

class DaemonThreadsTest {
    @Test
    void threadsAreNamedDaemonsAndCounted() throws Exception {
        ThreadFactory f = DaemonThreads.factory("probe");
        CountDownLatch release = new CountDownLatch(1);
        int before = DaemonThreads.countOwn();
        Thread a = f.newThread(() -> await(release));
        Thread b = f.newThread(() -> await(release));
        assertThat(a.getName()).isEqualTo("heapwise-probe-1");
        assertThat(b.getName()).isEqualTo("heapwise-probe-2");
        assertThat(a.isDaemon()).isTrue();
        a.start();
        b.start();
        assertThat(Arrays.asList(DaemonThreads.live())).contains(a, b, Thread.currentThread());
        assertThat(DaemonThreads.countOwn()).isEqualTo(before + 2);
        release.countDown();
        a.join();
        b.join();
        assertThat(DaemonThreads.named(() -> { }, "x").getName()).isEqualTo("heapwise-x");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
