package dev.heapwise.http;

import dev.heapwise.leak.LeakDetection;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/memory/leaks} (current suspects and the bounded history), {@code GET /leaks/patterns}
 * (each pattern with its switch and thresholds) and {@code POST /leaks/detect} (judge every pattern now).
 * With leakDetection=false the GETs say so and the POST is a 409.
 */
public final class LeakApi {
    private final LeakDetection leaks;

    /** @param leaks null when leak detection is off */
    public LeakApi(LeakDetection leaks) {
        this.leaks = leaks;
    }

    public void register(Router router) {
        router.get(MemoryApi.BASE + "/leaks", r -> {
            r.allowOnly();
            return leaks == null ? off() : leaks.report(leaks.detector().report());
        });
        router.get(MemoryApi.BASE + "/leaks/patterns", r -> {
            r.allowOnly();
            if (leaks == null) {
                Map<String, Object> body = off();
                body.put("patterns", List.of());
                return body;
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("enabled", true);
            body.put("patterns", leaks.detector().patterns());
            return body;
        });
        router.post(MemoryApi.BASE + "/leaks/detect", r -> {
            r.allowOnly();
            if (leaks == null) {
                throw new ApiException(409, "leak detection is off (leakDetection=false)");
            }
            return leaks.report(leaks.detect());
        });
    }

    private static Map<String, Object> off() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("enabled", false);
        body.put("reason", "leakDetection=false");
        body.put("suspects", List.of());
        return body;
    }
}
