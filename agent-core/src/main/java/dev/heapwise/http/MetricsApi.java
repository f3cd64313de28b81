package dev.heapwise.http;

import dev.heapwise.metrics.HeapwiseMetrics;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;

import java.io.ByteArrayOutputStream;
import java.util.Map;

/**
 * {@code GET /metrics}: the Prometheus text exposition (format 0.0.4) of {@link HeapwiseMetrics}, written
 * by the official writer. Like every GET it needs no token on loopback.
 */
public final class MetricsApi {
    public static final String PATH = "/metrics";

    private final HeapwiseMetrics metrics;
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    public MetricsApi(HeapwiseMetrics metrics) {
        this.metrics = metrics;
    }

    public void register(Router router) {
        router.get(PATH, r -> {
            r.allowOnly();
            ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
            writer.write(out, metrics.collect(), EscapingScheme.UNDERSCORE_ESCAPING);
            return Router.Answer.raw(writer.getContentType(), out.toByteArray(), Map.of());
        });
    }
}
