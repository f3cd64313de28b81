package dev.heapwise.it;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The DIGEST lines a workload child printed (see dev.heapwise.it.workloads.WorkloadRunner), by workload. */
record WorkloadDigests(Map<String, Entry> byWorkload) {
    private static final Pattern LINE = Pattern.compile(
            "(?m)^DIGEST workload=(\\S+) sha256=([0-9a-f]{64}) items=(\\d+) ms=(\\d+)$");

    record Entry(String sha256, long items, long millis) {
    }

    static WorkloadDigests parse(String stdout) {
        Map<String, Entry> m = new LinkedHashMap<>();
        Matcher matcher = LINE.matcher(stdout);
        while (matcher.find()) {
            m.put(matcher.group(1), new Entry(matcher.group(2), Long.parseLong(matcher.group(3)),
                    Long.parseLong(matcher.group(4))));
        }
        return new WorkloadDigests(m);
    }

    Entry of(String workload) {
        Entry e = byWorkload.get(workload);
        if (e == null) {
            throw new AssertionError("no DIGEST line for " + workload + "; lines seen: " + byWorkload);
        }
        return e;
    }
}
