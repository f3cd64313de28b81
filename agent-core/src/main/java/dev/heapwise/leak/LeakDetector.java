package dev.heapwise.leak;

import dev.heapwise.log.LogOnce;
import dev.heapwise.util.RingBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.channels.ClosedByInterruptException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Runs the leak patterns and keeps their suspects. A finding that is new becomes a suspect and one
 * WARN line; the same suspect is not logged again until its severity changes; a suspect no pattern
 * reports for {@link #PASSES_TO_RESOLVE} passes in a row is resolved (one INFO line). Every change goes
 * into a bounded history. A pattern that fails is logged once and skipped; the others run on.
 */
public final class LeakDetector {
    private static final Logger LOG = LoggerFactory.getLogger(LeakDetector.class);
    static final int PASSES_TO_RESOLVE = 2;

    private final List<LeakPattern> patterns;
    private final LongSupplier clock;
    private final long intervalMs;
    private final Map<String, Suspect> suspects = new LinkedHashMap<>();
    private final RingBuffer<Map<String, Object>> history;
    private final LogOnce failures = new LogOnce();
    private long passes;
    private long lastRunMs = -1;

    public LeakDetector(List<LeakPattern> patterns, LongSupplier clock, long intervalMs, int historySize) {
        this.patterns = List.copyOf(patterns);
        this.clock = clock;
        this.intervalMs = intervalMs;
        this.history = new RingBuffer<>(historySize);
    }

    /** Reads every enabled pattern's gauges (on the schedule of leakSampleInterval). */
    public void sample() {
        long now = clock.getAsLong();
        for (LeakPattern p : patterns) {
            if (!p.enabled()) {
                continue;
            }
            try {
                p.sample(now);
            } catch (Throwable t) {
                if (Thread.currentThread().isInterrupted() || t instanceof ClosedByInterruptException
                        || t instanceof InterruptedException) {
                    return; // the agent is stopping (the JVM exits): a reading cut short is no failure
                }
                failures.warn(LOG, p.name() + "-sample", "leak pattern " + p.name() + " could not read its figures; it may miss a leak", t);
            }
        }
    }

    /** Judges every enabled pattern now and updates the suspects; returns the report. */
    public synchronized Map<String, Object> detect() {
        long now = clock.getAsLong();
        Set<String> reported = new HashSet<>();
        for (LeakPattern p : patterns) {
            if (!p.enabled()) {
                continue;
            }
            List<Finding> found;
            try {
                found = p.detect(now);
            } catch (Throwable t) {
                failures.warn(LOG, p.name() + "-detect", "leak pattern " + p.name() + " failed; the others run on", t);
                continue;
            }
            for (Finding f : found) {
                String key = f.pattern() + "|" + f.culprit();
                reported.add(key);
                Suspect s = suspects.get(key);
                if (s == null) {
                    s = new Suspect(key, now, p.findsLeaks());
                    suspects.put(key, s);
                    s.update(f, now);
                    event(s.leak ? "suspected" : "waste_found", s, now);
                    if (s.leak) {
                        LOG.warn("leak suspected ({}, {}, confidence {}): {}", f.pattern(), f.severity().id(),
                                String.format("%.3f", f.confidence()), f.summary());
                    } else {
                        LOG.info("memory waste ({}): {}", f.pattern(), f.summary());
                    }
                } else {
                    Severity before = s.finding.severity();
                    s.update(f, now);
                    if (before != f.severity()) {
                        event("severity_changed", s, now);
                        LOG.warn("leak suspect now {} (was {}; {}): {}", f.severity().id(), before.id(), f.pattern(), f.summary());
                    }
                }
            }
        }
        for (java.util.Iterator<Suspect> it = suspects.values().iterator(); it.hasNext(); ) {
            Suspect s = it.next();
            if (reported.contains(s.key)) {
                continue;
            }
            if (++s.missedPasses >= PASSES_TO_RESOLVE) {
                it.remove();
                event("resolved", s, now);
                LOG.info("{} resolved ({}): {}", s.leak ? "leak suspect" : "memory waste", s.finding.pattern(),
                        s.leak ? s.finding.culprit() + " no longer grows" : "gone");
            }
        }
        passes++;
        lastRunMs = now;
        return report();
    }

    private void event(String what, Suspect s, long now) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("time", Instant.ofEpochMilli(now).toString());
        e.put("event", what);
        e.put("id", s.id());
        e.put("pattern", s.finding.pattern());
        e.put("culprit", s.finding.culprit());
        e.put("severity", s.finding.severity().id());
        e.put("summary", s.finding.summary());
        Object trend = s.finding.details().get("trend");
        if (trend != null) {
            e.put("trend", trend);
        }
        history.add(e);
    }

    /**
     * What /leaks answers: current suspects, most severe first; waste (idle heap: not a leak) apart; and
     * the bounded history.
     */
    public synchronized Map<String, Object> report() {
        List<Suspect> current = new ArrayList<>(suspects.values());
        current.sort((a, b) -> b.finding.severity().compareTo(a.finding.severity()));
        List<Map<String, Object>> out = new ArrayList<>();
        List<Map<String, Object>> waste = new ArrayList<>();
        for (Suspect s : current) {
            (s.leak ? out : waste).add(s.toJson());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("enabled", true);
        body.put("interval_ms", intervalMs);
        body.put("passes", passes);
        body.put("last_run", lastRunMs < 0 ? null : Instant.ofEpochMilli(lastRunMs).toString());
        body.put("patterns_enabled", patterns.stream().filter(LeakPattern::enabled).map(LeakPattern::name).toList());
        body.put("suspects", out);
        body.put("waste", waste);
        body.put("history_capacity", history.capacity());
        body.put("history", history.toList());
        return body;
    }

    /** What /leaks/patterns answers. */
    public List<Map<String, Object>> patterns() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (LeakPattern p : patterns) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", p.name());
            m.put("enabled", p.enabled());
            m.put("settings", p.settings());
            out.add(m);
        }
        return out;
    }

    /** The current leak suspects' findings; waste is not among them. */
    public synchronized List<Finding> suspects() {
        return suspects.values().stream().filter(s -> s.leak).map(s -> s.finding).toList();
    }

    /** Every current finding, leak suspects and waste (idle heap) alike, for health and alerts. */
    public synchronized List<Finding> findings() {
        return suspects.values().stream().map(s -> s.finding).toList();
    }

    private static final class Suspect {
        final String key;
        final long firstSeenMs;
        final boolean leak;
        Finding finding;
        long lastSeenMs;
        int missedPasses;

        Suspect(String key, long firstSeenMs, boolean leak) {
            this.key = key;
            this.firstSeenMs = firstSeenMs;
            this.leak = leak;
        }

        void update(Finding f, long now) {
            finding = f;
            lastSeenMs = now;
            missedPasses = 0;
        }

        /** A short stable id: the same suspect keeps it across passes. */
        String id() {
            return Integer.toHexString(key.hashCode() & 0x7fffffff);
        }

        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id());
            m.put("pattern", finding.pattern());
            m.put("culprit", finding.culprit());
            m.put("culprit_kind", finding.culpritKind());
            m.put("severity", finding.severity().id());
            m.put("confidence", Math.round(finding.confidence() * 1000) / 1000.0);
            m.put("first_seen", Instant.ofEpochMilli(firstSeenMs).toString());
            m.put("last_seen", Instant.ofEpochMilli(lastSeenMs).toString());
            m.put("growth_per_minute", Math.round(finding.rate() * 1000) / 1000.0);
            m.put("amount", Math.round(finding.amount() * 1000) / 1000.0);
            m.put("unit", finding.unit());
            m.put("summary", finding.summary());
            m.put("details", finding.details());
            List<Map<String, Object>> evidence = new ArrayList<>();
            for (Point p : finding.evidence()) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("time", Instant.ofEpochMilli(p.timeMs()).toString());
                e.put("value", Math.round(p.value() * 1000) / 1000.0);
                evidence.add(e);
            }
            m.put("evidence", evidence);
            return m;
        }
    }
}
