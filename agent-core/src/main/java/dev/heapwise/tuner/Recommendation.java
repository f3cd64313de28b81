package dev.heapwise.tuner;

import java.util.Map;

/**
 * One flag for the next start, with the figures behind it.
 *
 * @param flag     the command-line option, e.g. {@code -Xmx} or {@code -XX:MaxRAMPercentage}
 * @param value    what to set it to (text, as on the command line)
 * @param current  what the JVM runs with now, or null where it has no such setting
 */
public record Recommendation(String flag, String value, String current, String reason, Map<String, Object> evidence) {
}
