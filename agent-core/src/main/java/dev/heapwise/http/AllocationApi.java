package dev.heapwise.http;

import dev.heapwise.sampling.AllocationProfiling;
import dev.heapwise.sampling.AllocationReport;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/memory/allocations?by=site|type|stack|method&top=N} and {@code POST /v1/memory/allocations/reset}.
 * When allocation profiling is off (instrument=false, or it could not start) the GET says so and why.
 */
public final class AllocationApi {
    private static final int MAX_TOP = 1000;
    private final AllocationProfiling profiling;
    private final String offReason;

    /** @param profiling null when allocation profiling is off, with {@code offReason} saying why */
    public AllocationApi(AllocationProfiling profiling, String offReason) {
        this.profiling = profiling;
        this.offReason = offReason;
    }

    public void register(Router router) {
        router.get(MemoryApi.BASE + "/allocations", r -> {
            r.allowOnly("by", "top");
            AllocationReport.By by;
            try {
                by = AllocationReport.parseBy(r.query().getOrDefault("by", "site"));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("query parameter 'by' " + e.getMessage());
            }
            int top = r.intParam("top", 1, MAX_TOP, 20);
            if (profiling == null) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("enabled", false);
                body.put("reason", offReason);
                body.put("entries", List.of());
                return body;
            }
            return profiling.report(by, top);
        });
        router.post(MemoryApi.BASE + "/allocations/reset", r -> {
            r.allowOnly();
            if (profiling == null) {
                throw new ApiException(409, "allocation profiling is off: " + offReason);
            }
            profiling.reset();
            return Map.of("reset_at", Instant.now().toString());
        });
    }
}
