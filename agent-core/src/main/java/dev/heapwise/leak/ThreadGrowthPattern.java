package dev.heapwise.leak;

import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * thread-growth: live threads grouped by name with counters and hashes folded to '#' ({@link NameGroups}:
 * {@code leaky-worker-17} and {@code leaky-worker-18} are {@code leaky-worker-#}), so the group that
 * keeps growing is named, with the states its threads are in (a leak of parked threads shows as
 * WAITING). A pool that grows to its size and stays is levelling off, not leaking.
 */
public final class ThreadGrowthPattern extends SwitchedPattern {
    public static final String NAME = "thread-growth";
    private static final int MAX_GROUPS = 64;
    private static final int POINTS = 512;
    private static final int EXAMPLES = 3;

    private final ThreadMXBean threads;
    private final GrowthRule rule;
    private final KeyedSeries<String> groups = new KeyedSeries<>(MAX_GROUPS, POINTS);
    private final Series total = new Series(POINTS);
    private Map<String, Group> latest = Map.of();

    public ThreadGrowthPattern(boolean enabled, ThreadMXBean threads, GrowthRule rule) {
        super(NAME, enabled);
        this.threads = threads;
        this.rule = rule;
        if (enabled) {
            initialiseThreadInfo(threads);
        }
    }

    /**
     * Reads one ThreadInfo now, while there is heap: a class first initialised during an OutOfMemoryError
     * stays broken for the JVM's life, and java.lang.management.ThreadInfo is first initialised by the first
     * sample (seen in CI: thread-growth failing with "Could not initialize class ThreadInfo" after the
     * application had run its heap out before that sample).
     */
    private static void initialiseThreadInfo(ThreadMXBean threads) {
        try {
            threads.getThreadInfo(Thread.currentThread().getId(), 0);
        } catch (RuntimeException unavailable) {
            // the first sample reports it
        }
    }

    /** The group a thread name belongs to: counters and hashes folded. */
    static String group(String threadName) {
        return threadName == null ? "(unnamed)" : NameGroups.fold(threadName);
    }

    @Override
    public Map<String, Object> settings() {
        return rule.describe("threads");
    }

    @Override
    public void sample(long nowMs) {
        ThreadInfo[] infos = threads.getThreadInfo(threads.getAllThreadIds(), 0);
        Map<String, Group> byGroup = new HashMap<>();
        int live = 0;
        for (ThreadInfo info : infos) {
            if (info == null) {
                continue; // ended between the two calls
            }
            live++;
            Group g = byGroup.computeIfAbsent(group(info.getThreadName()), k -> new Group());
            g.count++;
            g.states.merge(info.getThreadState().name(), 1, Integer::sum);
            if (g.examples.size() < EXAMPLES) {
                g.examples.add(info.getThreadName());
            }
        }
        Map<String, Double> counts = new HashMap<>();
        byGroup.forEach((k, g) -> counts.put(k, (double) g.count));
        synchronized (this) {
            total.add(nowMs, live);
            groups.record(nowMs, counts, MAX_GROUPS);
            latest = byGroup;
        }
    }

    @Override
    public synchronized List<Finding> detect(long nowMs) {
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<String, Series> e : groups.all().entrySet()) {
            Trend t = rule.judge(e.getValue(), nowMs);
            if (t == null) {
                continue;
            }
            Group g = latest.getOrDefault(e.getKey(), new Group());
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("group", e.getKey());
            details.put("threads", g.count);
            details.put("states", new TreeMap<>(g.states));
            details.put("examples", g.examples);
            details.put("live_threads", Math.round(total.lastValue()));
            details.put("trend", t.describe());
            String summary = String.format("threads named '%s' keep growing: %.1f a minute, %d now (%s)",
                    e.getKey(), t.slopePerMinute(), g.count, new TreeMap<>(g.states));
            Severity severity = g.count > 1000 ? Severity.HIGH : Severity.MEDIUM;
            out.add(new Finding(NAME, e.getKey(), "thread_group", severity, t.confidence(), t.slopePerMinute(), g.count,
                    "threads", summary, details, e.getValue().points(nowMs, rule.windowMs())));
        }
        return out;
    }

    private static final class Group {
        int count;
        final Map<String, Integer> states = new HashMap<>();
        final List<String> examples = new ArrayList<>();
    }
}
