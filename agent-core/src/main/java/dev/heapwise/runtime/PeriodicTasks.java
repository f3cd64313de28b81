package dev.heapwise.runtime;

import dev.heapwise.log.LogOnce;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * The agent's periodic work (profiling, leak detection, alerts, the HTTP server's checks) on one daemon
 * thread that an application running its heap out cannot take away. A {@code ScheduledThreadPoolExecutor}
 * could: its own bookkeeping allocates (re-queueing a periodic task, growing its queue, replacing a dead
 * worker), and an OutOfMemoryError there ended its only worker for good, with every task still queued
 * (seen in {@code OutOfMemoryIT} under JDK 17's ZGC: no profiling, no leak detection and no server restart
 * after the heap ran out). Here the loop allocates nothing between tasks, every failure (a task's, or its
 * log line's) is caught where it happens, and a run that falls behind is skipped rather than caught up.
 */
final class PeriodicTasks {
    private static final Logger LOG = LoggerFactory.getLogger(PeriodicTasks.class);
    /** More than the agent ever registers; fixed, so the loop never sees an array being replaced. */
    static final int CAPACITY = 64;
    /** The longest the loop sleeps, so a task registered while it sleeps is never late by more. */
    private static final long MAX_SLEEP_NANOS = 1_000_000_000L;

    private final Runnable[] tasks = new Runnable[CAPACITY];
    private final String[] names = new String[CAPACITY];
    /** Each task's failure line, built at registration: a failure may come when there is no heap to build it. */
    private final String[] failureLines = new String[CAPACITY];
    private final long[] periodNanos = new long[CAPACITY];
    private final long[] nextNanos = new long[CAPACITY];
    private volatile int count;
    private volatile boolean running = true;
    private final LogOnce failures = new LogOnce();
    private final Thread thread;

    PeriodicTasks(String threadName) {
        thread = DaemonThreads.named(this::loop, threadName);
        thread.start();
    }

    /** Runs {@code task} every {@code period}, the first time one period from now; false when the table is full. */
    synchronized boolean every(Duration period, String what, Runnable task) {
        int i = count;
        if (i == CAPACITY) {
            LOG.error("the periodic {} task is not run: the agent's table of {} periodic tasks is full", what, CAPACITY);
            return false;
        }
        long p = Math.max(1, period.toNanos());
        tasks[i] = task;
        names[i] = what;
        failureLines[i] = "the periodic " + what + " task failed";
        periodNanos[i] = p;
        nextNanos[i] = System.nanoTime() + p;
        count = i + 1; // publishes the slot to the loop
        LockSupport.unpark(thread);
        return true;
    }

    /** The loop's thread, for tests. */
    Thread thread() {
        return thread;
    }

    /** Ends the loop; a task running now is interrupted. */
    void stop() {
        running = false;
        thread.interrupt();
    }

    private void loop() {
        while (running) {
            try {
                long now = System.nanoTime();
                long wake = now + MAX_SLEEP_NANOS;
                int n = count;
                for (int i = 0; i < n && running; i++) {
                    if (now - nextNanos[i] >= 0) {
                        run(i);
                        now = System.nanoTime();
                        long next = nextNanos[i] + periodNanos[i];
                        nextNanos[i] = now - next >= 0 ? now + periodNanos[i] : next; // behind: skip, do not catch up
                    }
                    if (nextNanos[i] - wake < 0) {
                        wake = nextNanos[i];
                    }
                }
                long sleep = wake - System.nanoTime();
                if (sleep > 0 && running) {
                    LockSupport.parkNanos(this, sleep);
                }
            } catch (Throwable t) {
                // nothing may end this loop; what failed was logged where it could be
            }
        }
    }

    private void run(int i) {
        try {
            tasks[i].run();
        } catch (Throwable t) {
            failures.warn(LOG, names[i], failureLines[i], t); // never throws
        }
    }
}
