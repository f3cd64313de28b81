package dev.heapwise.leak;

/** One point of evidence: epoch milliseconds and the value then. */
public record Point(long timeMs, double value) {
}
