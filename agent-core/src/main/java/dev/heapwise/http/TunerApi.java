package dev.heapwise.http;

import dev.heapwise.tuner.Decision;
import dev.heapwise.tuner.Evidence;
import dev.heapwise.tuner.Recommendation;
import dev.heapwise.tuner.Recommendations;
import dev.heapwise.tuner.GcTuner;
import dev.heapwise.tuner.TunerMode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tuner's endpoints: {@code GET /gc/recommendations} (flags for the next start, with the figures
 * behind them); {@code POST /gc/optimize} runs a tuning pass now and answers its decisions;
 * {@code POST /gc/tuner} with {@code {"mode": "off|advise|auto"}} switches the mode (leaving auto puts
 * every changed flag back). Its decisions are served with the GC history ({@link MemoryApi}).
 */
public final class TunerApi {
    private final GcTuner tuner;

    public TunerApi(GcTuner tuner) {
        this.tuner = tuner;
    }

    public void register(Router router) {
        router.post(MemoryApi.BASE + "/gc/optimize", r -> {
            r.allowOnly();
            if (tuner.mode() == TunerMode.OFF) {
                throw new ApiException(409, "the tuner is off (tuner=off); POST /v1/memory/gc/tuner {\"mode\": \"advise\"} to switch it on");
            }
            List<Decision> made = tuner.pass();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("mode", tuner.mode().id());
            body.put("decisions", made);
            body.put("tuner", tuner.describe());
            return body;
        });
        router.get(MemoryApi.BASE + "/gc/recommendations", r -> {
            r.allowOnly();
            Evidence e = tuner.evidence();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("based_on", e);
            List<Recommendation> list = Recommendations.of(e);
            body.put("recommendations", list);
            if (list.isEmpty()) {
                body.put("note", e.uptimeMs() < 60_000 || e.peakLiveSetBytes() == null
                        ? "not enough evidence yet: recommendations need a minute of readings and a collection that reports the live set"
                        : "nothing to change: the figures give no reason to");
            }
            return body;
        });
        router.postJson(MemoryApi.BASE + "/gc/tuner", r -> {
            r.allowOnly();
            String text = JsonBody.parse(r.body(), "mode").text("mode");
            TunerMode next;
            try {
                next = TunerMode.valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("field 'mode' must be one of off, advise, auto");
            }
            TunerMode before = tuner.mode();
            List<Decision> restored = tuner.setMode(next, "requested over HTTP");
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("previous_mode", before.id());
            body.put("mode", next.id());
            body.put("restored", restored);
            return body;
        });
    }

    /** What {@code /gc/history} adds: the tuner's state and its newest decisions. */
    static Map<String, Object> history(GcTuner tuner, int limit) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tuner", tuner == null ? Map.of("mode", "off", "reason", "the tuner could not start") : tuner.describe());
        body.put("decisions_capacity", tuner == null ? 0 : tuner.historyCapacity());
        body.put("decisions", tuner == null ? List.of() : tuner.history(limit));
        return body;
    }
}
