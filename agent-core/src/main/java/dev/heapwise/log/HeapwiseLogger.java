package dev.heapwise.log;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** An SLF4J logger that formats the message and hands one line to {@link LogOutput}. */
final class HeapwiseLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    HeapwiseLogger(String name) {
        this.name = shortName(name);
    }

    /** {@code dev.heapwise.gc.GcMonitor} logs as {@code gc.GcMonitor}: enough to find it, short enough to read. */
    private static String shortName(String name) {
        String prefix = "dev.heapwise.";
        return name.startsWith(prefix) ? name.substring(prefix.length()) : name;
    }

    @Override
    public boolean isTraceEnabled() {
        return LogOutput.enabled(LogLevel.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return LogOutput.enabled(LogLevel.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return LogOutput.enabled(LogLevel.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return LogOutput.enabled(LogLevel.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return LogOutput.enabled(LogLevel.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args, Throwable t) {
        String message = MessageFormatter.basicArrayFormat(pattern, args);
        LogOutput.write(LogLevel.valueOf(level.name()), name, message, t);
    }
}
