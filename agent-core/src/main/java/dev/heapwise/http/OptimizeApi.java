package dev.heapwise.http;

import dev.heapwise.compaction.Compactor;
import dev.heapwise.leak.LeakDetection;
import dev.heapwise.tuner.GcTuner;
import dev.heapwise.tuner.TunerMode;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /v1/memory/optimize} (token): leak detection now, a tuning pass, and a compaction when
 * more than {@code compactionThreshold} of the committed heap is unused and the cool-down allows, in
 * one report. A part that is off, or not warranted, says so and why; the others still run.
 */
public final class OptimizeApi {
    private final LeakDetection leaks;
    private final GcTuner tuner;
    private final Compactor compactor;
    private final long compactionThreshold;

    /** @param leaks, tuner, compactor: each null when that part is off */
    public OptimizeApi(LeakDetection leaks, GcTuner tuner, Compactor compactor, long compactionThreshold) {
        this.leaks = leaks;
        this.tuner = tuner;
        this.compactor = compactor;
        this.compactionThreshold = compactionThreshold;
    }

    public void register(Router router) {
        router.post(MemoryApi.BASE + "/optimize", r -> {
            r.allowOnly();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("leaks", leaks == null ? skipped("leak detection is off (leakDetection=false)")
                    : leaks.report(leaks.detect()));
            body.put("tuning", tuning());
            body.put("compaction", compaction());
            return body;
        });
    }

    private Object tuning() {
        if (tuner == null || tuner.mode() == TunerMode.OFF) {
            return skipped("the tuner is off");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", tuner.mode().id());
        m.put("decisions", tuner.pass());
        return m;
    }

    private Object compaction() throws ApiException {
        if (compactor == null) {
            return skipped("compaction is unavailable");
        }
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long unused = heap.getCommitted() - heap.getUsed();
        if (unused < compactionThreshold) {
            return skipped("not warranted: " + unused + " bytes of committed heap unused, below compactionThreshold ("
                    + compactionThreshold + ")");
        }
        try {
            return compactor.manual("part of POST /optimize");
        } catch (Compactor.CoolingDown e) {
            return skipped(e.getMessage());
        }
    }

    private static Map<String, Object> skipped(String why) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("skipped", true);
        m.put("reason", why);
        return m;
    }
}
