package dev.heapwise.leak;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** How urgent a finding is, from waste worth knowing about to a heap that will run out within the hour. */
public enum Severity {
    INFO, LOW, MEDIUM, HIGH, CRITICAL;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** By the time left until a limit is reached at the current rate (null: no limit known). */
    public static Severity byTimeLeft(Double minutesLeft) {
        if (minutesLeft == null) {
            return MEDIUM;
        }
        if (minutesLeft < 30) {
            return CRITICAL;
        }
        if (minutesLeft < 6 * 60) {
            return HIGH;
        }
        if (minutesLeft < 7 * 24 * 60) {
            return MEDIUM;
        }
        return LOW;
    }
}
