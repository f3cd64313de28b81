package dev.heapwise.log;

/** The agent's log threshold; {@code off} silences it entirely. */
public enum LogLevel {
    OFF(Integer.MAX_VALUE), ERROR(40), WARN(30), INFO(20), DEBUG(10), TRACE(0);

    private final int severity;

    LogLevel(int severity) {
        this.severity = severity;
    }

    /** True when a message at {@code level} passes a threshold of {@code this}. */
    public boolean admits(LogLevel level) {
        return level != OFF && level.severity >= severity;
    }
}
