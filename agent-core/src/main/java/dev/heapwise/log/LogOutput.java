package dev.heapwise.log;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Where the agent's log lines go and which ones pass: stderr (looked up at each write, so an
 * application that redirects System.err redirects us too) or a file opened once in append mode.
 * One line per event: a throwable is summarised on the same line unless the threshold is debug.
 */
public final class LogOutput {
    private static volatile LogLevel threshold = LogLevel.INFO;
    private static volatile PrintStream file;
    private static final Object WRITE_LOCK = new Object();

    private LogOutput() {
    }

    /**
     * Sets the threshold and the destination: {@code "stderr"} or a file path. Returns a problem line
     * when the file cannot be opened (then stderr is used), else null.
     */
    public static String configure(LogLevel level, String destination) {
        threshold = level;
        PrintStream previous = file;
        file = null;
        if (previous != null) {
            previous.close();
        }
        if (destination == null || destination.isBlank() || destination.equalsIgnoreCase("stderr")) {
            return null;
        }
        try {
            file = new PrintStream(new FileOutputStream(destination, true), true, StandardCharsets.UTF_8);
            return null;
        } catch (IOException | SecurityException e) {
            return "log file '" + destination + "' could not be opened (" + e.getMessage() + "); logging to stderr";
        }
    }

    public static LogLevel threshold() {
        return threshold;
    }

    public static boolean enabled(LogLevel level) {
        return threshold.admits(level);
    }

    static void write(LogLevel level, String loggerName, String message, Throwable t) {
        if (!enabled(level)) {
            return;
        }
        StringBuilder line = new StringBuilder(128)
                .append(Instant.now()).append(" heapwise ")
                .append(level.name()).append(level.name().length() == 4 ? "  [" : " [")
                .append(loggerName).append("] ").append(message);
        boolean fullTrace = t != null && enabled(LogLevel.DEBUG);
        if (t != null && !fullTrace) {
            line.append(" (").append(t).append(')');
        }
        synchronized (WRITE_LOCK) {
            PrintStream out = file != null ? file : System.err;
            out.println(line);
            if (fullTrace) {
                t.printStackTrace(out);
            }
            out.flush();
        }
    }

    /** Closes a log file, if any; later lines go to stderr. */
    public static void close() {
        PrintStream f = file;
        file = null;
        if (f != null) {
            f.close();
        }
    }
}
