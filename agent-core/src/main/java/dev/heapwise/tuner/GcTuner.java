package dev.heapwise.tuner;

import dev.heapwise.util.RingBuffer;
import dev.heapwise.vm.HugePages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The GC tuner: every pass reads the JVM and its host, asks each lever that applies to the running
 * collector what it wants, and in {@code auto} mode does it (in {@code advise} mode only records it).
 * Every decision is kept in a bounded history and logged once. A lever the JVM refuses is switched
 * off with its reason. Switching to {@code off} or {@code advise}, and {@link #restoreAll} at
 * shutdown, put every flag back to the value it had before the tuner's first change.
 */
public final class GcTuner {
    private static final Logger LOG = LoggerFactory.getLogger(GcTuner.class);

    private final Collector collector;
    private final List<Lever> levers;
    private final TunerContext context;
    private final Supplier<TunerReading> readings;
    private final HeapCollection collection;
    private final Supplier<Instant> clock;
    private final RingBuffer<Decision> history;
    private final Map<String, String> refused = new LinkedHashMap<>();
    private final long pauseTargetMs;
    /** Held for a whole pass, so that passes never overlap; the monitor guards the state and is never held through a collection. */
    private final Object passLock = new Object();
    private TunerMode mode;
    private TunerReading last;
    private long passes;
    private long firstNanos;
    private Long peakLiveSet;
    private long peakCommitted;
    /** The most committed heap seen given back below the peak before it: what a next burst faults in again. */
    private long givenBack;
    private double pausedSeconds;
    private double observedSeconds;

    /** The full collection the idle-collection lever asks for (automatic compaction). */
    public interface HeapCollection {
        /** Runs it; the figures before and after, and how long it took. */
        Outcome collect(String reason);

        record Outcome(Map<String, Object> before, Map<String, Object> after, long durationMs) {
        }
    }

    GcTuner(TunerMode mode, Collector collector, List<Lever> levers, TunerContext context,
            Supplier<TunerReading> readings, HeapCollection collection, Supplier<Instant> clock, int historySize,
            long pauseTargetMs) {
        this.pauseTargetMs = pauseTargetMs;
        this.mode = mode;
        this.collector = collector;
        this.levers = List.copyOf(levers);
        this.context = context;
        this.readings = readings;
        this.collection = collection;
        this.clock = clock;
        this.history = new RingBuffer<>(historySize);
    }

    public synchronized TunerMode mode() {
        return mode;
    }

    /**
     * One pass: read, propose, act (auto) or record (advise). Returns this pass's decisions. A full
     * collection a lever asks for runs outside the tuner's monitor (it and the settling of RSS after it
     * take seconds, and the API must keep answering meanwhile), but inside the pass lock, so that two
     * passes never overlap.
     */
    public List<Decision> pass() {
        synchronized (passLock) {
            List<Decision> made = new ArrayList<>();
            Lever collecting = null;
            Proposal collect = null;
            TunerReading r;
            synchronized (this) {
                r = readings.get();
                remember(r);
                context.idle().update(r);
                if (mode == TunerMode.OFF) {
                    return made;
                }
                for (Lever lever : levers) {
                    if (whyNot(lever) != null) {
                        continue;
                    }
                    Proposal p = lever.propose(r, context);
                    if (p == null) {
                        continue;
                    }
                    if (p.action().equals("collect") && mode == TunerMode.AUTO) {
                        if (collect == null) { // one collection a pass; a second lever asking waits for the next
                            collecting = lever;
                            collect = p;
                        }
                    } else {
                        made.add(act(lever, p, r, null));
                    }
                }
            }
            if (collect != null) {
                HeapCollection.Outcome o = collection.collect(collect.reason());
                synchronized (this) {
                    made.add(act(collecting, collect, r, o));
                }
            }
            return made;
        }
    }

    /** Keeps what recommendations need: peaks, and the share of time in pauses over the whole run. */
    private void remember(TunerReading r) {
        if (last == null) {
            firstNanos = r.nanos();
        } else if (r.gcPauseShare() != null) {
            double dt = (r.nanos() - last.nanos()) / 1e9;
            pausedSeconds += r.gcPauseShare() * dt;
            observedSeconds += dt;
        }
        if (r.liveSetBytes() != null && (peakLiveSet == null || r.liveSetBytes() > peakLiveSet)) {
            peakLiveSet = r.liveSetBytes();
        }
        peakCommitted = Math.max(peakCommitted, r.heapCommittedBytes());
        givenBack = Math.max(givenBack, peakCommitted - r.heapCommittedBytes());
        last = r;
        passes++;
    }

    /** What the tuner has seen since start, for {@link Recommendations}. */
    public synchronized Evidence evidence() {
        TunerReading r = last;
        Long marked = r == null ? null : r.markedPeakLiveSetBytes();
        boolean container = r != null && r.host() != null && r.host().source().startsWith("cgroup");
        return new Evidence(collector, Runtime.version().feature(), r == null ? 0 : (r.nanos() - firstNanos) / 1_000_000, passes,
                marked != null ? marked : peakLiveSet, marked != null, peakCommitted, givenBack, r == null ? Runtime.getRuntime().maxMemory() : r.heapMaxBytes(),
                r == null || r.host() == null ? null : r.host().limitBytes(), container, r == null ? null : r.pauseP99Ms(),
                pauseTargetMs, observedSeconds <= 0 ? 0 : pausedSeconds / observedSeconds, context.idle().longSpells(),
                context.flags().current("MaxGCPauseMillis"), HugePages.read());
    }

    /** Acts on a proposal (auto) or records it (advise); {@code collected} is the collection already run for a "collect". */
    private Decision act(Lever lever, Proposal p, TunerReading r, HeapCollection.Outcome collected) {
        boolean apply = collected != null || mode == TunerMode.AUTO && !p.action().equals("collect");
        Map<String, Object> before = new LinkedHashMap<>();
        Map<String, Object> after = new LinkedHashMap<>();
        String error = null;
        Long durationMs = null;
        if (p.action().equals("collect")) {
            if (collected != null) {
                HeapCollection.Outcome o = collected;
                before.putAll(o.before());
                after.putAll(o.after());
                durationMs = o.durationMs();
            } else {
                before.put("heap_used_bytes", r.heapUsedBytes());
                before.put("heap_committed_bytes", r.heapCommittedBytes());
            }
        } else {
            p.flags().keySet().forEach(f -> before.put(f, context.flags().current(f)));
            if (apply) {
                try {
                    context.flags().set(p.flags());
                } catch (RuntimeException e) {
                    error = e.getMessage();
                    refused.put(lever.name(), error);
                }
                p.flags().keySet().forEach(f -> after.put(f, context.flags().current(f)));
            } else {
                after.putAll(p.flags());
            }
        }
        if (error == null) {
            lever.taken(p, r.nanos());
        }
        // a collection was decided in auto mode, even if the mode changed while it ran
        String decidedIn = collected != null ? TunerMode.AUTO.id() : mode.id();
        Decision d = new Decision(clock.get().toString(), decidedIn, lever.name(), p.action(), p.reason(), before, after,
                apply && error == null, error, durationMs);
        history.add(d);
        log(d);
        return d;
    }

    private static void log(Decision d) {
        String what = d.action().equals("collect") ? "full collection" + (d.durationMs() == null ? "" : " (" + d.durationMs() + " ms)")
                : d.action() + " " + changes(d);
        if (d.error() != null) {
            LOG.warn("tuner: {} {} refused by the JVM ({}); the {} lever is off from now on", d.lever(), what, d.error(), d.lever());
        } else if (!d.applied()) {
            LOG.info("tuner (advise): {} would {}: {}", d.lever(), what, d.reason());
        } else {
            LOG.info("tuner: {} {}: {}{}", d.lever(), what, d.reason(), d.action().equals("collect") ? " " + d.after() : "");
        }
    }

    private static String changes(Decision d) {
        StringBuilder s = new StringBuilder();
        d.after().forEach((k, v) -> s.append(s.length() == 0 ? "" : ", ").append(k).append(' ')
                .append(d.before().get(k)).append(" -> ").append(v));
        return s.toString();
    }

    /** Switches mode; leaving {@code auto} puts every changed flag back. Returns the restore decisions. */
    public synchronized List<Decision> setMode(TunerMode next, String why) {
        List<Decision> made = new ArrayList<>();
        if (next == mode) {
            return made;
        }
        if (mode == TunerMode.AUTO) {
            made.addAll(restore("tuner switched to " + next.id() + (why == null ? "" : " (" + why + ")")));
        }
        levers.forEach(Lever::reset);
        refused.clear();
        LOG.info("tuner: mode {} -> {}{}", mode.id(), next.id(), why == null ? "" : " (" + why + ")");
        mode = next;
        return made;
    }

    /** Puts every flag the tuner changed back (JVM shutdown); the tuner stays in its mode. */
    public synchronized List<Decision> restoreAll(String why) {
        List<Decision> made = restore(why);
        levers.forEach(Lever::reset);
        return made;
    }

    private List<Decision> restore(String why) {
        Map<String, String> back = context.flags().originalsOfChanged();
        if (back.isEmpty()) {
            return List.of();
        }
        Map<String, Object> before = new LinkedHashMap<>();
        back.keySet().forEach(f -> before.put(f, context.flags().current(f)));
        String error = null;
        try {
            context.flags().set(back);
        } catch (RuntimeException e) {
            error = e.getMessage();
        }
        Map<String, Object> after = new LinkedHashMap<>();
        back.keySet().forEach(f -> after.put(f, context.flags().current(f)));
        Decision d = new Decision(clock.get().toString(), mode.id(), "all", "restore", why, before, after, error == null,
                error, null);
        history.add(d);
        log(d);
        return List.of(d);
    }

    public List<Decision> history(int limit) {
        return history.newest(limit);
    }

    public int historyCapacity() {
        return history.capacity();
    }

    /** Why a lever does nothing here, or null: the collector or JDK, a heap pinned at its maximum, or the JVM refusing its flag. */
    private String whyNot(Lever lever) {
        String na = lever.notApplicable();
        if (na == null && lever.givesBack()) {
            na = context.heapPinned();
        }
        String off = refused.get(lever.name());
        return na != null ? na : off == null ? null : "refused by the JVM: " + off;
    }

    /** The tuner's state for the API: mode, collector, idleness, each lever with whether and why it applies. */
    public synchronized Map<String, Object> describe() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("mode", mode.id());
        body.put("collector", collector.display());
        body.put("passes", passes);
        body.put("idle", context.idle().idle());
        body.put("idle_ms", last == null ? 0 : context.idle().idleMs(last.nanos()));
        body.put("last_reading", last);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Lever lever : levers) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", lever.name());
            m.put("description", lever.description());
            String why = whyNot(lever);
            m.put("applies", why == null);
            m.put("why_not", why);
            m.put("state", lever.state());
            list.add(m);
        }
        body.put("levers", list);
        Map<String, String> changed = context.flags().originalsOfChanged();
        Map<String, Object> flags = new LinkedHashMap<>();
        changed.forEach((f, orig) -> flags.put(f, Map.of("original", orig, "current", String.valueOf(context.flags().current(f)))));
        body.put("changed_flags", flags);
        return body;
    }
}
