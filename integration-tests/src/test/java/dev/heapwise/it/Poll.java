package dev.heapwise.it;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for a condition by asking again and again until a deadline, instead of sleeping for a guessed
 * time: fast when the child is fast, patient when the machine is busy, and on failure it says what it
 * waited for and the last thing it saw.
 */
public final class Poll {
    private static final long PAUSE_MS = 25;

    private Poll() {
    }

    /** Probes until {@code done} accepts a value; returns that value, or fails at the deadline. */
    public static <T> T until(String what, Duration timeout, Supplier<T> probe, Predicate<? super T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last;
        while (true) {
            last = probe.get();
            if (done.test(last)) {
                return last;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("waited " + timeout.toMillis() + " ms for " + what + "; last seen: " + last);
            }
            pause();
        }
    }

    static void pause() {
        pause(PAUSE_MS);
    }

    static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }
}
