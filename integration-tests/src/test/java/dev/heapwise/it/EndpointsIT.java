package dev.heapwise.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every endpoint of issue 3 answers real JSON with its key fields, and nothing else answers: the
 * error paths (404, 405, 400) are JSON too. The requests only read, so one child serves the class.
 */
class EndpointsIT {
    static final List<String> ENDPOINTS = List.of("status", "profile", "profile/history", "gc/stats", "gc/history",
            "health", "config", "allocations", "leaks", "leaks/patterns", "gc/recommendations", "compaction/stats",
            "compaction/history", "alerts", "pools");
    private static final String TOKEN = "endpoints-it-secret-token";

    private static ForkedJvm child;

    @BeforeAll
    static void start() {
        child = ForkedJvm.builder("EndpointsIT").agent(ForkedJvm.TEST_AGENT + ",token=" + TOKEN).start();
        child.waitForPortFile(ForkedJvm.START_TIMEOUT);
    }

    @AfterAll
    static void stop() {
        if (child != null) {
            child.close();
        }
    }

    @Test
    void statusNamesTheAgentTheJvmAndExactlyItsEndpoints() {
        HttpAnswer a = child.get("status");
        assertJson200(a);
        JsonNode s = a.json();
        assertEquals("heapwise", s.at("/agent/name").asText());
        assertEquals(child.pid(), s.at("/agent/pid").asLong(), "the pid the agent reports is the child's");
        assertEquals("premain", s.at("/agent/attach").asText());
        assertEquals("test", s.at("/agent/profile").asText());
        assertEquals(JvmMatrix.current().gc().agentName(), s.at("/jvm/collector").asText());
        assertTrue(s.at("/jvm/version").asText().startsWith(JvmMatrix.current().jdk()), s.at("/jvm").toString());
        assertEquals(child.port(), s.at("/server/port").asInt());
        assertEquals("127.0.0.1", s.at("/server/host").asText());
        assertEquals("post", s.at("/server/auth").asText(), "on loopback only POSTs need the token");
        List<String> expected = new ArrayList<>();
        ENDPOINTS.forEach(e -> expected.add("GET /v1/memory/" + e));
        expected.add("POST /v1/memory/allocations/reset");
        expected.add("POST /v1/memory/leaks/detect");
        expected.add("POST /v1/memory/gc/optimize");
        expected.add("POST /v1/memory/gc/tuner");
        expected.add("POST /v1/memory/compaction/compact");
        expected.add("POST /v1/memory/optimize");
        expected.add("POST /v1/memory/pools");
        expected.add("GET /v1/memory/pools/{name}");
        expected.add("DELETE /v1/memory/pools/{name}");
        expected.addAll(List.of("GET /metrics", "GET /", "GET /dashboard/app.js", "GET /dashboard/app.css",
                "GET /dashboard/uplot.js", "GET /dashboard/uplot.css"));
        List<String> listed = new ArrayList<>();
        s.at("/server/endpoints").forEach(e -> listed.add(e.asText()));
        assertEquals(expected.stream().sorted().toList(), listed.stream().sorted().toList());
        assertTrue(s.at("/memory").asText().startsWith("heap "), s.at("/memory").asText());
    }

    @Test
    void profileHasHeapPoolsThreadsClassesAndProcessMemory() {
        JsonNode report = child.send("report");
        JsonNode p = child.getJson("profile");
        assertEquals(report.get("heap_max").asLong(), p.at("/heap/max_bytes").asLong());
        assertTrue(p.at("/heap/used_bytes").asLong() > 0);
        assertTrue(p.at("/heap/committed_bytes").asLong() >= p.at("/heap/used_bytes").asLong(), p.at("/heap").toString());
        List<String> heapPools = new ArrayList<>();
        p.get("pools").forEach(pool -> {
            if (pool.get("type").asText().equals("heap")) {
                heapPools.add(pool.get("name").asText());
            }
        });
        List<String> childPools = new ArrayList<>();
        report.get("heap_pools").forEach(pool -> childPools.add(pool.get("name").asText()));
        assertEquals(childPools.stream().sorted().toList(), heapPools.stream().sorted().toList(),
                "the agent's heap pools are the child's own");
        assertTrue(p.get("pools").findValuesAsText("kind").contains("metaspace"), p.get("pools").toString());
        assertTrue(p.at("/threads/live").asInt() >= report.get("threads").size() - 2, p.at("/threads").toString());
        assertTrue(p.at("/classes/loaded").asInt() > 500, p.at("/classes").toString());
        assertTrue(p.at("/process/available").asBoolean());
        assertTrue(p.at("/process/rss_bytes").asLong() > 0);
        assertTrue(p.at("/file_descriptors/open").asLong() > 3, p.at("/file_descriptors").toString());
        assertTrue(p.at("/file_descriptors/max").asLong() >= p.at("/file_descriptors/open").asLong(), p.at("/file_descriptors").toString());
        assertTrue(p.at("/gc/collections").isIntegralNumber(), p.at("/gc").toString());
        assertTrue(p.get("buffer_pools").isArray());
    }

    @Test
    void profileHistoryGrowsEveryIntervalAndHonoursLimit() {
        JsonNode two = Poll.until("two profiles in the history", Duration.ofSeconds(10),
                () -> child.getJson("profile/history?limit=2"), h -> h.get("count").asInt() == 2);
        assertEquals(2, two.get("profiles").size());
        assertTrue(two.get("capacity").asInt() >= 2);
        assertTrue(two.at("/profiles/0/timestamp").asText().compareTo(two.at("/profiles/1/timestamp").asText()) < 0,
                "oldest first: " + two);
        JsonNode all = child.getJson("profile/history");
        assertTrue(all.get("count").asInt() >= 2, all.get("count").toString());
    }

    @Test
    void gcStatsListsTheChildsCollectors() {
        JsonNode report = child.send("report");
        JsonNode g = child.getJson("gc/stats");
        List<String> mine = new ArrayList<>();
        report.get("gc_beans").forEach(b -> mine.add(b.get("name").asText()));
        List<String> agents = new ArrayList<>();
        g.get("collectors").forEach(c -> agents.add(c.get("name").asText()));
        assertEquals(mine, agents);
        assertTrue(g.get("listening").asBoolean(), "subscribed to GC notifications");
        assertTrue(g.at("/totals/collections").isIntegralNumber());
        assertTrue(g.at("/pauses/window_ms").asLong() > 0);
    }

    @Test
    void gcHistoryIsAPageOfEvents() {
        child.send("gc");
        JsonNode h = Poll.until("a GC event in the history", Duration.ofSeconds(10),
                () -> child.getJson("gc/history?limit=5"), j -> j.get("count").asInt() > 0);
        assertTrue(h.get("count").asInt() <= 5);
        JsonNode e = h.at("/events/0");
        for (String field : List.of("id", "collector", "action", "phase", "cause", "start_time", "duration_ms")) {
            assertTrue(e.has(field), field + " missing in " + e);
        }
    }

    @Test
    void healthHasAScoreAStatusAndItsReasons() {
        JsonNode h = child.getJson("health");
        int score = h.get("score").asInt();
        assertTrue(score >= 0 && score <= 100, h.toString());
        assertTrue(List.of("healthy", "degraded", "critical").contains(h.get("status").asText()), h.toString());
        assertTrue(h.get("components").size() >= 3, h.toString());
        h.get("components").forEach(c -> assertFalse(c.get("reason").asText().isBlank(), c.toString()));
    }

    @Test
    void configShowsEveryKeyWithItsSourceAndRedactsTheToken() {
        HttpAnswer a = child.get("config");
        assertJson200(a);
        JsonNode c = a.json();
        assertEquals("test", c.get("profile").asText());
        assertEquals("<redacted>", c.at("/keys/token/value").asText());
        assertEquals("agent argument", c.at("/keys/token/source").asText());
        assertEquals("200ms", c.at("/keys/profilingInterval/value").asText());
        assertEquals("agent argument", c.at("/keys/profilingInterval/source").asText());
        assertEquals("profile default", c.at("/keys/historySize/source").asText());
        assertFalse(a.body().contains(TOKEN), "the token never appears in /config");
        assertEquals(0, c.get("problems").size(), c.get("problems").toString());
    }

    @Test
    void allocationsNameTheChildsOwnSitesAndResetNeedsTheToken() {
        child.send("alloc 20");
        child.send("drop");
        JsonNode a = Poll.until("a sampled site in the child's own code", Duration.ofSeconds(20),
                () -> child.getJson("allocations?by=site&top=50"), r -> r.get("entries").findValues("class").stream()
                        .anyMatch(c -> c.asText().startsWith("dev.heapwise.it.apps.")));
        assertTrue(a.get("enabled").asBoolean(), a.toString());
        assertTrue(a.get("classes_instrumented").asLong() >= 1, a.toString());
        assertEquals(0, a.get("classes_failed").asLong(), a.toString());
        assertTrue(a.at("/entries/0/site").asText().matches(".+\\..+\\(.+\\)"), a.toString());
        for (String by : List.of("type", "stack")) {
            HttpAnswer r = child.get("allocations?by=" + by);
            assertJson200(r);
            assertTrue(r.json().get("entries").size() >= 1, by + ": " + r);
        }
        assertJsonError(child.get("allocations?by=colour"), 400);
        assertJsonError(child.get("allocations?top=0"), 400);
        assertJsonError(child.request("POST", "/v1/memory/allocations/reset", null), 401);
        HttpAnswer reset = child.request("POST", "/v1/memory/allocations/reset", TOKEN);
        assertEquals(200, reset.status(), reset.toString());
        assertTrue(reset.json().has("reset_at"), reset.toString());
    }

    @Test
    void leaksListTheNinePatternsAndDetectNeedsTheToken() {
        JsonNode patterns = child.getJson("leaks/patterns");
        List<String> names = new ArrayList<>();
        patterns.get("patterns").forEach(p -> names.add(p.get("name").asText()));
        assertEquals(List.of("heap-growth", "surviving-allocations", "class-growth", "thread-growth", "file-descriptor-growth",
                "classloader-growth", "direct-memory-growth", "native-memory-growth", "idle-heap"), names);
        patterns.get("patterns").forEach(p -> assertTrue(p.get("settings").isObject(), p.toString()));
        JsonNode leaks = child.getJson("leaks");
        assertTrue(leaks.get("enabled").asBoolean(), leaks.toString());
        assertTrue(leaks.get("suspects").isArray(), leaks.toString());
        assertTrue(leaks.has("old_generation_markings"), leaks.toString());
        assertJsonError(child.request("POST", "/v1/memory/leaks/detect", null), 401);
        HttpAnswer detect = child.request("POST", "/v1/memory/leaks/detect", TOKEN);
        assertEquals(200, detect.status(), detect.toString());
        assertTrue(detect.json().get("passes").asLong() >= 1, detect.toString());
        assertJsonError(child.get("leaks?pattern=heap-growth"), 400);
        assertJsonError(child.request("POST", "/v1/memory/leaks/detect?now=1", TOKEN), 400);
    }

    @Test
    void unknownPathsAre404Json() {
        for (String path : List.of("/v1/memory/nope", "/v1/memory", "/index.html", "/v1/other", "/v1/memory/status/extra",
                "/dashboard/nope.js", "/metrics/extra")) {
            HttpAnswer a = child.get(path);
            assertEquals(404, a.status(), path + " -> " + a);
            assertJsonError(a, 404);
        }
    }

    /**
     * {@code /metrics} is the Prometheus text format: every sample line is a valid name, optional labels and a
     * number; each family has HELP and TYPE; the figures agree with the JSON profile read just before.
     */
    @Test
    void metricsAreThePrometheusTextFormatWithTheProfilesFigures() {
        JsonNode profile = child.getJson("profile");
        HttpAnswer a = child.get("/metrics");
        assertEquals(200, a.status(), a.toString());
        assertTrue(a.header("Content-Type").startsWith("text/plain; version=0.0.4"), a.header("Content-Type"));
        java.util.regex.Pattern sample = java.util.regex.Pattern.compile(
                "^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\"(?:,[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\")*\\})? (\\S+)$");
        java.util.Map<String, Double> values = new java.util.HashMap<>();
        java.util.Set<String> typed = new java.util.HashSet<>();
        for (String line : a.body().split("\n")) {
            if (line.startsWith("# TYPE ")) {
                typed.add(line.split(" ")[2]);
            } else if (!line.startsWith("#") && !line.isEmpty()) {
                java.util.regex.Matcher m = sample.matcher(line);
                assertTrue(m.matches(), "not a sample line: " + line);
                double v = Double.parseDouble(m.group(3));
                values.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), v);
                String family = m.group(1).replaceAll("_(total|count|sum)$", "");
                assertTrue(typed.contains(family) || typed.contains(m.group(1)), "no TYPE line before " + line);
            }
        }
        for (String name : List.of("heapwise_heap_used_bytes", "heapwise_heap_max_bytes", "heapwise_threads_live",
                "heapwise_gc_pause_seconds_count", "heapwise_health_score", "heapwise_leak_suspects", "heapwise_allocated_bytes_total",
                "heapwise_uptime_seconds")) {
            assertTrue(values.containsKey(name), name + " missing from\n" + a.body());
        }
        assertEquals(profile.at("/heap/max_bytes").asDouble(), values.get("heapwise_heap_max_bytes"));
        assertTrue(values.keySet().stream().anyMatch(k -> k.startsWith("heapwise_gc_collections_total{collector=")), a.body());
        assertTrue(values.keySet().stream().anyMatch(k -> k.startsWith("heapwise_memory_pool_used_bytes{")), a.body());
        assertTrue(values.keySet().stream().anyMatch(k -> k.startsWith("heapwise_alert_firing{")), a.body());
        assertJsonError(child.get("/metrics?name=x"), 400);
        assertEquals(405, child.request("POST", "/metrics", TOKEN).status());
    }

    /** The dashboard page loads its script, styles and uPlot from the agent itself, and nothing else. */
    @Test
    void dashboardPageAndItsFilesAreServedFromTheJar() {
        HttpAnswer page = child.get("/");
        assertEquals(200, page.status(), page.toString());
        assertTrue(page.header("Content-Type").startsWith("text/html"), page.header("Content-Type"));
        assertTrue(page.header("Content-Security-Policy").contains("default-src 'none'"), page.header("Content-Security-Policy"));
        for (String file : List.of("/dashboard/app.js", "/dashboard/app.css", "/dashboard/uplot.js", "/dashboard/uplot.css")) {
            assertTrue(page.body().contains("\"" + file + "\""), file + " is not referenced by the page");
            HttpAnswer f = child.get(file);
            assertEquals(200, f.status(), file + " -> " + f);
            assertTrue(f.body().length() > 500, file + " is " + f.body().length() + " chars");
        }
        assertTrue(child.get("/dashboard/uplot.js").body().contains("uPlot"), "uPlot's own script");
        assertFalse(page.body().contains("http://") || page.body().contains("https://"), "the page fetches nothing from elsewhere");
    }

    @Test
    void otherMethodsOnTheEndpointsAre405WithAllowGet() {
        for (String e : ENDPOINTS) {
            if (e.equals("pools")) {
                continue; // GET and POST: PoolsIT covers it
            }
            for (String method : List.of("POST", "PUT", "DELETE")) {
                HttpAnswer a = child.request(method, e, TOKEN);
                assertEquals(405, a.status(), method + " " + e + " -> " + a);
                assertEquals("GET", a.header("Allow"), method + " " + e);
                assertJsonError(a, 405);
            }
        }
    }

    @Test
    void badLimitsAndUnknownParametersAre400Json() {
        for (String query : List.of("profile/history?limit=0", "profile/history?limit=abc", "profile/history?limit=-3",
                "profile/history?limit=100000000", "gc/history?limit=", "gc/history?limit=1.5",
                "status?verbose=1", "gc/history?limit=2&limit=3", "profile?limit=2")) {
            HttpAnswer a = child.get(query);
            assertEquals(400, a.status(), query + " -> " + a);
            assertJsonError(a, 400);
        }
    }

    private static void assertJson200(HttpAnswer a) {
        assertEquals(200, a.status(), a.toString());
        assertTrue(a.header("Content-Type").startsWith("application/json"), a.header("Content-Type"));
    }

    static void assertJsonError(HttpAnswer a, int status) {
        assertTrue(a.header("Content-Type").startsWith("application/json"), a.header("Content-Type"));
        JsonNode j = a.json();
        assertEquals(status, j.get("status").asInt(), a.toString());
        assertFalse(j.get("error").asText().isBlank(), a.toString());
    }

    /**
     * Clients that stop half-way through a request (one holds back the end of its headers, one a body
     * shorter than announced) hold the server's workers only until the agent's watchdog cuts them,
     * about 10 s: the API answers again while their sockets stay open. G1 only: no collector is involved.
     */
    @Test
    void clientsThatStopMidRequestAreCutAndTheApiAnswersAgain() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(JvmMatrix.current().gc() == JvmMatrix.Collector.G1, "G1 only");
        List<java.net.Socket> stuck = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) { // as many as the server has workers (httpThreads=2)
                java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), child.port());
                String partial = i % 2 == 0 ? "GET /v1/memory/status HTTP/1.1\r\nHost: localhost\r\n"
                        : "POST /v1/memory/gc/tuner HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n{";
                s.getOutputStream().write(partial.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                stuck.add(s);
            }
            long t0 = System.nanoTime();
            Thread.sleep(500);
            HttpAnswer a = child.get("status"); // waits for a worker: the watchdog's 10 s and its 2 s checks
            assertJson200(a);
            assertTrue(System.nanoTime() - t0 < 25_000_000_000L, "answered once the stuck clients were cut");
            for (java.net.Socket s : stuck) {
                s.setSoTimeout(20_000);
                s.getInputStream().readAllBytes(); // (the POST had its 401 before its body) until the agent closes it
            }
        } finally {
            for (java.net.Socket s : stuck) {
                s.close();
            }
        }
        assertFalse(child.log().contains("Exception"), "cutting clients logs no exception: " + child.log());
    }
}
