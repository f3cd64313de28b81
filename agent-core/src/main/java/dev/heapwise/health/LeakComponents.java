package dev.heapwise.health;

import dev.heapwise.leak.FileDescriptorGrowthPattern;
import dev.heapwise.leak.Finding;
import dev.heapwise.leak.Severity;
import dev.heapwise.profile.MemoryProfile;
import dev.heapwise.util.Units;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The health components the leak detector's current suspects decide: leaks on the heap (heap growth,
 * surviving allocations, class growth), thread growth, and off-heap growth (direct memory, class
 * loaders and metaspace, native memory) and open file descriptors. Each scores by its most severe suspect and names it.
 */
final class LeakComponents {
    private static final Set<String> HEAP = Set.of("heap-growth", "surviving-allocations", "class-growth");

    private LeakComponents() {
    }

    /** @param suspects the detector's current findings (waste among them is not counted here); null when leak detection is off */
    static List<HealthReport.Component> of(List<Finding> suspects, MemoryProfile profile) {
        return List.of(
                component("leak_suspects", suspects, HEAP, null, "suspects",
                        "find the culprit in GET /v1/memory/leaks (site, type and stack) and release what it keeps"),
                component("thread_growth", suspects, Set.of("thread-growth"), (double) profile.threads().live(), "live threads",
                        "threads of the named group are started and never end: bound the pool or stop them"),
                component("direct_memory_growth", suspects, Set.of("direct-memory-growth"), directBytes(profile), "bytes",
                        "direct buffers are kept: release them, or pool them (POST /v1/memory/pools)"),
                component("metaspace_growth", suspects, Set.of("classloader-growth"), metaspaceBytes(profile), "bytes",
                        "class loaders stay reachable after use: find who holds the named loader type"),
                component("native_memory_growth", suspects, Set.of("native-memory-growth"), null, "suspects",
                        "native memory is allocated and never freed: see the suspect's next_step (Native Memory Tracking;"
                                + " Inflater, Deflater and ZipFile objects never closed)"),
                component("file_descriptor_growth", suspects, Set.of(FileDescriptorGrowthPattern.NAME), openDescriptors(profile),
                        openDescriptors(profile) == null ? "suspects" : "open file descriptors",
                        "files, sockets or selectors of the named family are opened and never closed: see the suspect's next_step"));
    }

    private static Double openDescriptors(MemoryProfile profile) {
        Long open = profile.fileDescriptors().open();
        return open == null ? null : open.doubleValue();
    }

    private static HealthReport.Component component(String name, List<Finding> suspects, Set<String> patterns, Double figure,
                                                    String unit, String advice) {
        if (suspects == null) {
            return new HealthReport.Component(name, 100, HealthReport.HEALTHY, figure, unit,
                    "leak detection is off (leakDetection=false)", "none");
        }
        Finding worst = null;
        int count = 0;
        for (Finding f : suspects) {
            if (patterns.contains(f.pattern())) {
                count++;
                if (worst == null || f.severity().compareTo(worst.severity()) > 0) {
                    worst = f;
                }
            }
        }
        if (worst == null) {
            return new HealthReport.Component(name, 100, HealthReport.HEALTHY, figure == null ? 0.0 : figure, unit,
                    "no suspect", "none");
        }
        int score = score(worst.severity());
        String reason = String.format(Locale.ROOT, "%d suspect%s; worst %s (%s): %s", count, count == 1 ? "" : "s",
                worst.pattern(), worst.severity().id(), worst.summary());
        return new HealthReport.Component(name, score, HealthReport.statusOf(score),
                figure == null ? (double) count : Units.round3(figure), unit, reason, advice);
    }

    private static int score(Severity s) {
        switch (s) {
            case CRITICAL: return 10;
            case HIGH: return 40;
            case MEDIUM: return 65;
            case LOW: return 85;
            default: return 95;
        }
    }

    private static Double directBytes(MemoryProfile profile) {
        long sum = 0;
        for (MemoryProfile.BufferPool b : profile.bufferPools()) {
            sum += b.usedBytes();
        }
        return (double) sum;
    }

    private static Double metaspaceBytes(MemoryProfile profile) {
        for (MemoryProfile.Pool p : profile.pools()) {
            if (p.name().equals("Metaspace")) {
                return (double) p.usedBytes();
            }
        }
        return null;
    }
}
