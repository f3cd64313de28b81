package dev.heapwise.http;

import dev.heapwise.compaction.Compactor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /compaction/compact} (token): a full collection now, with heap and RSS before and after;
 * inside the cool-down a 429 with {@code Retry-After}. {@code GET /compaction/stats} and
 * {@code /compaction/history}: totals and the newest compactions, manual and automatic.
 */
public final class CompactionApi {
    private final Compactor compactor;

    public CompactionApi(Compactor compactor) {
        this.compactor = compactor;
    }

    public void register(Router router) {
        router.post(MemoryApi.BASE + "/compaction/compact", r -> {
            r.allowOnly();
            return compact(compactor, "requested over HTTP");
        });
        router.get(MemoryApi.BASE + "/compaction/stats", r -> {
            r.allowOnly();
            return compactor.stats();
        });
        router.get(MemoryApi.BASE + "/compaction/history", r -> {
            r.allowOnly("limit");
            int limit = r.intParam("limit", 1, compactor.historyCapacity(), compactor.historyCapacity());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("capacity", compactor.historyCapacity());
            var items = compactor.history(limit);
            body.put("count", items.size());
            body.put("compactions", items);
            return body;
        });
    }

    /** A manual compaction, or the 429 that says when one may run. */
    static Object compact(Compactor compactor, String reason) throws ApiException {
        try {
            return compactor.manual(reason);
        } catch (Compactor.CoolingDown e) {
            throw new ApiException(429, e.getMessage(),
                    Map.of("Retry-After", String.valueOf(Math.max(1, (e.retryAfterMs() + 999) / 1000))));
        }
    }
}
