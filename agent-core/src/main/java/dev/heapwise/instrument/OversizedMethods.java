package dev.heapwise.instrument;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Methods whose code would outgrow the JVM's 64 KB limit once their allocation sites are rewritten
 * (generated parsers, large table initialisers). Such a method is left as it is and the rest of its
 * class is rewritten: without this, the one method failed the whole class, which then loaded with none
 * of its sites counted. Keyed by class name only, so a same-named class of another loader also leaves
 * the method alone (it costs that class's coverage of one method, never correctness). Bounded.
 */
final class OversizedMethods {
    static final int MAX_METHODS = 4096;
    private final Set<String> methods = ConcurrentHashMap.newKeySet();
    private final AtomicInteger recorded = new AtomicInteger();

    /**
     * Remembers a method to leave unrewritten; false when it was known already (rewriting it was not
     * what made the class fail) or the table is full.
     */
    boolean record(String className, String method, String descriptor) {
        if (recorded.get() >= MAX_METHODS) {
            return false;
        }
        boolean added = methods.add(key(className, method, descriptor));
        if (added) {
            recorded.incrementAndGet();
        }
        return added;
    }

    boolean skips(String className, String method, String descriptor) {
        return !methods.isEmpty() && methods.contains(key(className, method, descriptor));
    }

    /** How many methods were left unrewritten so far: a transform that raised it is worth trying again. */
    int count() {
        return recorded.get();
    }

    private static String key(String className, String method, String descriptor) {
        return className + '.' + method + descriptor;
    }
}
