package dev.heapwise.metrics;

import com.sun.net.httpserver.HttpServer;
import dev.heapwise.alert.AlertRule;
import dev.heapwise.alert.Alerts;
import dev.heapwise.gc.GcMonitor;
import dev.heapwise.health.HealthScorer;
import dev.heapwise.http.Authenticator;
import dev.heapwise.http.MetricsApi;
import dev.heapwise.http.Router;
import dev.heapwise.leak.Finding;
import dev.heapwise.leak.Severity;
import dev.heapwise.pool.BufferPools;
import dev.heapwise.profile.MemoryProfiler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole exposition over this test JVM's real MXBeans, served by a real router and JDK HTTP server. */
class HeapwiseMetricsTest {
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private String scrape(HeapwiseMetrics metrics) throws Exception {
        Router router = new Router(new Authenticator("t", false));
        new MetricsApi(metrics).register(router);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", router);
        server.start();
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        return r.body();
    }

    private static GcMonitor gc() {
        return new GcMonitor(ManagementFactory.getGarbageCollectorMXBeans(),
                MemoryProfiler.heapPoolKinds(ManagementFactory.getMemoryPoolMXBeans()),
                ManagementFactory.getRuntimeMXBean().getStartTime(), 16, 60_000, System::nanoTime);
    }

    @Test
    void everyPartThatIsOnIsExposedAndOneThatIsOffIsLeftOut() throws Exception {
        GcMonitor gc = gc();
        MemoryProfiler profiler = MemoryProfiler.forThisJvm(gc, 8);
        Finding leak = new Finding("thread-growth", "leaky-worker-#", "thread_group", Severity.HIGH, 0.97, 12, 300,
                "threads", "threads named leaky-worker-# keep growing", Map.of(), List.of());
        Alerts alerts = new Alerts(AlertRule.parseAll("threads_live > 0; leak_suspects > 0"), () -> Map.of("threads_live", 5.0),
                System::nanoTime, Instant::now, 8);
        alerts.evaluate();
        HeapwiseMetrics metrics = new HeapwiseMetrics(new HeapwiseMetrics.Sources(profiler, gc, new HealthScorer(200),
                () -> List.of(leak), alerts, null, null, null, BufferPools.instance()), "1.2.3", "G1", "17");

        String t = scrape(metrics);

        assertThat(t).contains("heapwise_info{collector=\"G1\",jvm=\"17\",version=\"1.2.3\"} 1.0",
                "# TYPE heapwise_heap_used_bytes gauge", "# TYPE heapwise_gc_collections_total counter",
                "heapwise_memory_pool_used_bytes{kind=", "heapwise_threads_live ", "heapwise_health_score ",
                "heapwise_leak_suspects 1.0",
                "heapwise_leak_suspect_confidence{culprit=\"leaky-worker-#\",pattern=\"thread-growth\"} 0.97",
                "heapwise_leak_suspect_severity{culprit=\"leaky-worker-#\",pattern=\"thread-growth\"} 3.0",
                "heapwise_leak_suspect_growth_per_second{culprit=\"leaky-worker-#\",pattern=\"thread-growth\"} 0.2",
                "heapwise_leak_suspect_info{culprit=\"leaky-worker-#\",culprit_kind=\"thread_group\",pattern=\"thread-growth\",unit=\"threads\"} 1.0",
                "heapwise_alert_firing{metric=\"threads_live\",rule=\"threads_live > 0\"} 1.0",
                "heapwise_alert_firing{metric=\"leak_suspects\",rule=\"leak_suspects > 0\"} 0.0");
        // allocation profiling, the tuner and compaction are off here: none of their families appear
        assertThat(t).doesNotContain("heapwise_allocation_coverage_ratio", "heapwise_tuner_", "heapwise_compactions");
        for (String line : t.split("\n")) {
            assertThat(line).matches("^(# (HELP|TYPE) .*|[a-z_]+(\\{.*\\})? -?[0-9.E]+|)$");
        }
    }
}
