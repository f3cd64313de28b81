package dev.heapwise.alert;

import dev.heapwise.config.Durations;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One alert rule: a metric, a comparison, a threshold and how long the condition must hold, written
 * {@code metric > threshold [for duration]} (comparisons {@code > >= < <=}), e.g.
 * {@code heap_after_gc_share > 0.85 for 1m}. Rules are separated by ';' in configuration.
 */
public record AlertRule(String name, String metric, String comparison, double threshold, long forMs) {
    private static final Pattern RULE = Pattern.compile(
            "^\\s*([a-z_0-9]+)\\s*(>=|<=|>|<)\\s*(-?[0-9]+(?:\\.[0-9]+)?)\\s*(?:for\\s+(\\S+))?\\s*$");

    public boolean holds(double value) {
        switch (comparison) {
            case ">": return value > threshold;
            case ">=": return value >= threshold;
            case "<": return value < threshold;
            default: return value <= threshold;
        }
    }

    /** One rule; {@link IllegalArgumentException} saying what is wrong (its message completes "must ..."). */
    public static AlertRule parse(String text) {
        Matcher m = RULE.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("must be rules like 'heap_after_gc_share > 0.85 for 1m' separated by ';'"
                    + " ('" + text.trim() + "' is not)");
        }
        String metric = m.group(1);
        if (!AlertMetrics.NAMES.contains(metric)) {
            throw new IllegalArgumentException("must name known metrics (" + String.join(", ", AlertMetrics.NAMES)
                    + "); '" + metric + "' is not one");
        }
        long forMs = 0;
        if (m.group(4) != null) {
            Duration d = Durations.parse(m.group(4), "must give the duration after 'for' as e.g. 30s, 1m");
            forMs = d.toMillis();
        }
        double threshold = Double.parseDouble(m.group(3));
        String name = String.format(Locale.ROOT, "%s %s %s%s", metric, m.group(2), m.group(3),
                forMs == 0 ? "" : " for " + m.group(4));
        return new AlertRule(name, metric, m.group(2), threshold, forMs);
    }

    /** Rules separated by ';'; "none" (or nothing) is no rules. */
    public static List<AlertRule> parseAll(String text) {
        List<AlertRule> rules = new ArrayList<>();
        if (text == null || text.isBlank() || text.trim().equalsIgnoreCase("none")) {
            return rules;
        }
        for (String part : text.split(";")) {
            if (!part.isBlank()) {
                rules.add(parse(part));
            }
        }
        return rules;
    }
}
