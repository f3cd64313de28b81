package dev.heapwise.tuner;

import java.util.Map;

/**
 * What a lever wants done: set flags (an empty map for a collection), and why, with the figures.
 *
 * @param action  "set", "restore" or "collect"
 * @param flags   flag name to new value, in the order given; empty for a collection
 */
record Proposal(String lever, String action, Map<String, String> flags, String reason) {

    static Proposal set(String lever, Map<String, String> flags, String reason) {
        return new Proposal(lever, "set", flags, reason);
    }

    static Proposal restore(String lever, Map<String, String> flags, String reason) {
        return new Proposal(lever, "restore", flags, reason);
    }

    static Proposal collect(String lever, String reason) {
        return new Proposal(lever, "collect", Map.of(), reason);
    }
}
