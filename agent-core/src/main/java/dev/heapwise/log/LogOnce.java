package dev.heapwise.log;

import org.slf4j.Logger;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logs a failure the first time it is seen for a given key and stays quiet after, so that a callback
 * failing on every GC or every request cannot flood the application's log. The set of keys is bounded.
 * It never throws: the failure being reported is often an OutOfMemoryError, and then the log line itself
 * may find no heap; a caller's catch block must not fail in turn (an Error leaving a periodic task, a GC
 * listener or an HTTP worker ends it). A line that could not be written is tried again next time.
 */
public final class LogOnce {
    private static final int MAX_KEYS = 256;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    /** Returns true when this is the first report for {@code key} (and it was logged). */
    public boolean warn(Logger log, String key, String message, Throwable t) {
        return once(log, key, message, t, true);
    }

    /** A limit met rather than a failure: the same once-per-key line, at INFO. */
    public boolean info(Logger log, String key, String message) {
        return once(log, key, message, null, false);
    }

    private boolean once(Logger log, String key, String message, Throwable t, boolean warn) {
        try {
            if (seen.size() >= MAX_KEYS || !seen.add(key)) {
                return false;
            }
        } catch (Throwable noHeap) {
            return false;
        }
        try {
            if (warn) {
                // built here, inside the catch: the line may be the one allocation there is no heap for
                log.warn(message + " (further failures of this kind are not logged)", t);
            } else {
                log.info(message);
            }
            return true;
        } catch (Throwable noHeap) {
            seen.remove(key);
            return false;
        }
    }
}
