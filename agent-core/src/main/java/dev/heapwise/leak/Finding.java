package dev.heapwise.leak;

import java.util.List;
import java.util.Map;

/**
 * What one pattern found in one pass: a growing thing and what it is (the culprit), how sure, how
 * fast, and the points it was judged on. {@code culprit} identifies the suspect across passes (a site,
 * a class, a thread group, a loader type, a buffer pool); {@code details} carries the pattern's own
 * figures (type, stack, projected time to exhaustion, ...).
 *
 * @param rate    growth per minute, in {@code unit}
 * @param amount  how much has accumulated so far, in {@code unit}
 */
public record Finding(String pattern, String culprit, String culpritKind, Severity severity, double confidence,
                      double rate, double amount, String unit, String summary, Map<String, Object> details,
                      List<Point> evidence) {
}
