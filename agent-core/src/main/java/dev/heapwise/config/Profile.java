package dev.heapwise.config;

import java.util.Locale;

/**
 * Built-in configuration profiles. They differ only in defaults: how often the agent samples,
 * how much history it keeps, how chatty its log is. Every default can still be overridden key by key.
 *
 * <ul>
 *   <li>{@code prod} (the default): 10 s profiling, one hour of history, a summary a minute, info log.</li>
 *   <li>{@code dev}: 5 s profiling, one hour of history, a summary every 30 s, info log.</li>
 *   <li>{@code test}: 1 s profiling, ten minutes of history, a summary every 10 s, debug log:
 *       fast feedback for test suites and short-lived JVMs.</li>
 * </ul>
 */
public enum Profile {
    DEV, TEST, PROD;

    public static final Profile DEFAULT = PROD;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Profile parse(String text) {
        for (Profile p : values()) {
            if (p.id().equalsIgnoreCase(text.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("must be one of dev, test, prod");
    }
}
