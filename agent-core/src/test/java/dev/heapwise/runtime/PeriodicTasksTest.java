package dev.heapwise.runtime;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class PeriodicTasksTest {

    private static void waitUntil(java.util.function.BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("timed out").isNegative();
            Thread.sleep(10);
        }
    }

    @Test
    void tasksRunEveryPeriodAndOneThatThrowsErrorsNeitherStopsItselfNorTheOthers() throws Exception {
        PeriodicTasks tasks = new PeriodicTasks("heapwise-test-ticker");
        try {
            AtomicInteger ok = new AtomicInteger();
            AtomicInteger failing = new AtomicInteger();
            tasks.every(Duration.ofMillis(20), "ok", ok::incrementAndGet);
            tasks.every(Duration.ofMillis(20), "failing", () -> {
                failing.incrementAndGet();
                throw new OutOfMemoryError("Java heap space (thrown by the test)");
            });
            waitUntil(() -> ok.get() >= 5 && failing.get() >= 5);
            assertThat(tasks.thread().isAlive()).isTrue();
            assertThat(tasks.thread().isDaemon()).isTrue();
        } finally {
            tasks.stop();
        }
        tasks.thread().join(5000);
        assertThat(tasks.thread().isAlive()).isFalse();
    }

    @Test
    void aTaskRegisteredWhileTheLoopSleepsRunsOnTime() throws Exception {
        PeriodicTasks tasks = new PeriodicTasks("heapwise-test-ticker");
        try {
            tasks.every(Duration.ofHours(1), "rare", () -> { });
            Thread.sleep(50); // the loop now sleeps toward the rare task (at most a second)
            AtomicInteger runs = new AtomicInteger();
            long t0 = System.nanoTime();
            tasks.every(Duration.ofMillis(30), "frequent", runs::incrementAndGet);
            waitUntil(() -> runs.get() >= 3);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
        } finally {
            tasks.stop();
        }
    }

    @Test
    void aTableThatIsFullRefusesMore() {
        PeriodicTasks tasks = new PeriodicTasks("heapwise-test-ticker");
        try {
            for (int i = 0; i < PeriodicTasks.CAPACITY; i++) {
                assertThat(tasks.every(Duration.ofHours(1), "t" + i, () -> { })).isTrue();
            }
            assertThat(tasks.every(Duration.ofHours(1), "one too many", () -> { })).isFalse();
        } finally {
            tasks.stop();
        }
    }
}
