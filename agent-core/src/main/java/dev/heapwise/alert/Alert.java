package dev.heapwise.alert;

/**
 * One alert: a rule that held for its duration. {@code state} is "firing" until the rule stops
 * holding, then "resolved" with the time it did.
 *
 * @param value     the metric when the alert fired
 * @param lastValue the metric at the newest evaluation while firing (at resolution once resolved; null
 *                  when it was no longer known)
 */
public record Alert(String rule, String metric, String comparison, double threshold, long forMs, String state,
                    double value, Double lastValue, String firedAt, String resolvedAt) {

    Alert withLast(Double v) {
        return new Alert(rule, metric, comparison, threshold, forMs, state, value, v, firedAt, resolvedAt);
    }

    Alert resolved(Double v, String at) {
        return new Alert(rule, metric, comparison, threshold, forMs, "resolved", value, v, firedAt, at);
    }
}
