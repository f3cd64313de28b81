package dev.heapwise.alert;

import dev.heapwise.util.RingBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Evaluates the alert rules over the current figures: a rule fires once its condition has held for
 * its duration (one WARN line), stays firing while it holds, and resolves the first time it does not
 * (one INFO line). A figure that is not known does not hold. Resolved alerts are kept in a bounded
 * history.
 */
public final class Alerts {
    private static final Logger LOG = LoggerFactory.getLogger(Alerts.class);

    private final List<AlertRule> rules;
    private final Supplier<Map<String, Double>> metrics;
    private final LongSupplier nanoTime;
    private final Supplier<Instant> clock;
    private final Map<String, Long> holdingSince = new LinkedHashMap<>();
    private final Map<String, Alert> firing = new LinkedHashMap<>();
    private final RingBuffer<Alert> resolved;
    private long evaluations;

    public Alerts(List<AlertRule> rules, Supplier<Map<String, Double>> metrics, LongSupplier nanoTime,
                  Supplier<Instant> clock, int historySize) {
        this.rules = List.copyOf(rules);
        this.metrics = metrics;
        this.nanoTime = nanoTime;
        this.clock = clock;
        this.resolved = new RingBuffer<>(historySize);
    }

    /** One evaluation of every rule. */
    public synchronized void evaluate() {
        if (rules.isEmpty()) {
            return;
        }
        Map<String, Double> values = metrics.get();
        long now = nanoTime.getAsLong();
        evaluations++;
        for (AlertRule rule : rules) {
            Double v = values.get(rule.metric());
            boolean holds = v != null && rule.holds(v);
            Alert active = firing.get(rule.name());
            if (!holds) {
                holdingSince.remove(rule.name());
                if (active != null) {
                    Alert done = active.resolved(v, clock.get().toString());
                    firing.remove(rule.name());
                    resolved.add(done);
                    LOG.info("alert resolved: {} (now {}, fired at {})", rule.name(), format(v), active.firedAt());
                }
                continue;
            }
            if (active != null) {
                firing.put(rule.name(), active.withLast(v));
                continue;
            }
            long since = holdingSince.computeIfAbsent(rule.name(), k -> now);
            if ((now - since) / 1_000_000 >= rule.forMs()) {
                Alert a = new Alert(rule.name(), rule.metric(), rule.comparison(), rule.threshold(), rule.forMs(), "firing",
                        v, v, clock.get().toString(), null);
                firing.put(rule.name(), a);
                LOG.warn("alert firing: {} (value {})", rule.name(), format(v));
            }
        }
    }

    private static String format(Double v) {
        if (v == null) {
            return "unknown";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf(v.longValue()) : String.format(java.util.Locale.ROOT, "%.4g", v);
    }

    /** What /alerts answers: the rules, the firing alerts, the resolved ones (newest first). */
    public synchronized Map<String, Object> report(int limit) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("rules", rules);
        body.put("evaluations", evaluations);
        body.put("firing", new ArrayList<>(firing.values()));
        body.put("resolved_capacity", resolved.capacity());
        List<Alert> past = new ArrayList<>(resolved.newest(limit));
        java.util.Collections.reverse(past);
        body.put("resolved", past);
        return body;
    }

    public List<AlertRule> rules() {
        return rules;
    }

    public synchronized List<Alert> firing() {
        return new ArrayList<>(firing.values());
    }

    public int historyCapacity() {
        return resolved.capacity();
    }
}
