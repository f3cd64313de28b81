package dev.heapwise.leak;

import dev.heapwise.util.Units;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * file-descriptor-growth: open file descriptors per family ({@link OpenDescriptors}): files by their path with
 * numbers folded, TCP connections by peer or listening port and state, pipes, selectors. The family that keeps
 * growing is named: streams never closed ({@code /var/data/report-#.csv}), connections a pool never gives back
 * ({@code tcp to 10.0.0.5:5432, ESTABLISHED}), sockets whose client hung up and that the server never closed
 * ({@code tcp accepted on :8080, CLOSE_WAIT}). A leak of them ends in "Too many open files", which fails every
 * accept, every connection and every file the application opens from then on; each also holds kernel and
 * often native memory. A pool that opens its connections and keeps them is levelling off, not leaking.
 */
public final class FileDescriptorGrowthPattern extends SwitchedPattern {
    public static final String NAME = "file-descriptor-growth";
    private static final int MAX_FAMILIES = 64;
    private static final int POINTS = 512;

    private final Callable<OpenDescriptors.Reading> reader;
    private final GrowthRule rule;
    private final KeyedSeries<String> families = new KeyedSeries<>(MAX_FAMILIES, POINTS);
    private OpenDescriptors.Reading latest;

    /** @param reader one reading of the open descriptors ({@link OpenDescriptors#read} in the agent) */
    FileDescriptorGrowthPattern(boolean enabled, Callable<OpenDescriptors.Reading> reader, GrowthRule rule) {
        super(NAME, enabled);
        this.reader = reader;
        this.rule = rule;
    }

    /** On Linux, where the process's descriptors can be read; elsewhere off. */
    public static FileDescriptorGrowthPattern ofThisProcess(boolean enabled, GrowthRule rule) {
        OpenDescriptors descriptors = new OpenDescriptors();
        return new FileDescriptorGrowthPattern(enabled && OpenDescriptors.available(), descriptors::read, rule);
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = rule.describe("descriptors");
        m.put("read_at_most", OpenDescriptors.MAX_READ);
        return m;
    }

    @Override
    public void sample(long nowMs) throws Exception {
        OpenDescriptors.Reading r = reader.call();
        synchronized (this) {
            families.record(nowMs, r.families(), MAX_FAMILIES);
            latest = r;
        }
    }

    @Override
    public synchronized List<Finding> detect(long nowMs) {
        List<Finding> out = new ArrayList<>();
        if (latest == null) {
            return out;
        }
        for (Map.Entry<String, Series> e : families.all().entrySet()) {
            Trend t = rule.judge(e.getValue(), nowMs);
            if (t == null) {
                continue;
            }
            String family = e.getKey();
            long inFamily = Math.round(latest.families().getOrDefault(family, 0.0));
            long limit = latest.limit();
            Double minutesLeft = limit > 0 ? Math.max(0, (limit - latest.open()) / t.slopePerMinute()) : null;
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("family", family);
            details.put("descriptors", inFamily);
            details.put("examples", latest.examples().getOrDefault(family, List.of()));
            details.put("open_descriptors", latest.open());
            details.put("limit", limit > 0 ? limit : null);
            details.put("projected_minutes_to_limit", minutesLeft == null ? null : Units.round3(minutesLeft));
            details.put("next_step", nextStep(family));
            details.put("trend", t.describe());
            String summary = String.format("open file descriptors of '%s' keep growing: %.1f a minute, %d now, %d of %s open in all%s",
                    family, t.slopePerMinute(), inFamily, latest.open(), limit > 0 ? Long.toString(limit) : "no known limit",
                    minutesLeft == null ? "" : ", the limit reached in " + Units.minutes(minutesLeft));
            out.add(new Finding(NAME, family, "descriptor_family", Severity.byTimeLeft(minutesLeft), t.confidence(),
                    t.slopePerMinute(), inFamily, "descriptors", summary, details, e.getValue().points(nowMs, rule.windowMs())));
        }
        return out;
    }

    /** What to look for, by the kind of descriptor. */
    static String nextStep(String family) {
        if (family.startsWith("tcp accepted on") && family.endsWith("CLOSE_WAIT")) {
            return "the clients closed these connections and the server never closed its side: close the accepted socket"
                    + " (or its stream) on every path, errors included";
        }
        if (family.startsWith("tcp to")) {
            return "connections to this peer are opened and never closed or given back to their pool: close them in a"
                    + " finally block or try-with-resources, and bound the pool";
        }
        if (family.startsWith("tcp") || family.equals("socket")) {
            return "sockets are opened and never closed: close them in a finally block or try-with-resources";
        }
        if (family.equals("anon_inode:[eventpoll]") || family.equals("anon_inode:[eventfd]")) {
            return "Selectors (each an epoll descriptor and an eventfd or a pipe to wake it) are opened and never closed:"
                    + " close what Selector.open() returns, and each AsynchronousChannelGroup";
        }
        if (family.equals("anon_inode:inotify")) {
            return "WatchServices are opened and never closed: close what FileSystem.newWatchService() returns";
        }
        if (family.equals("pipe")) {
            return "pipes are opened and never closed: a Process's three streams (close them, or use ProcessBuilder's"
                    + " redirects) or a Pipe's two channels";
        }
        return "files of this name are opened and never closed: streams, channels, Files.lines/list/walk and ZipFile"
                + " need try-with-resources";
    }
}
