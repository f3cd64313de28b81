package dev.heapwise.tuner;

import java.util.Map;

/**
 * One tuner decision as served at {@code /gc/history} and logged: what was (or, in advise mode, would
 * have been) done, why, and the values before and after.
 *
 * @param applied false in advise mode, and when the JVM refused (then {@code error} says why)
 * @param before  flag values before (for a collection: heap used and committed, RSS)
 * @param after   flag values after (for a collection: the same figures once it finished)
 */
public record Decision(String time, String mode, String lever, String action, String reason,
                       Map<String, Object> before, Map<String, Object> after, boolean applied, String error,
                       Long durationMs) {
}
