package dev.heapwise.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exchange watchdog behind a real JDK HttpServer: clients that stop half-way through a request are cut
 * (sooner while others wait), and a handler's own work never is. RouterTest tests what the router answers.
 */
class StalledClientsTest {
    private static final String TOKEN = "test-token-123";
    private final HttpClient client = HttpClient.newHttpClient();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode body(HttpResponse<String> r) throws IOException {
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        return new ObjectMapper().readTree(r.body());
    }

    /** Serves the router on loopback from {@code threads} workers the watchdog times; the caller shuts them down. */
    private java.util.concurrent.ExecutorService serveOnWatchedWorkers(Router router, ExchangeWatchdog watchdog, int threads)
            throws java.io.IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", router);
        java.util.concurrent.ExecutorService workers = watchdog.executor(threads, Thread::new);
        server.setExecutor(workers);
        server.start();
        return workers;
    }

    @Test
    void clientsThatStopMidRequestAreCutAndTheApiAnswersAgain() throws Exception {
        ExchangeWatchdog watchdog = new ExchangeWatchdog(300);
        Router router = new Router(new Authenticator(TOKEN, false), watchdog);
        router.get("/v1/thing", r -> Map.of("ok", true));
        java.util.concurrent.ExecutorService workers = serveOnWatchedWorkers(router, watchdog, 2);
        int port = server.getAddress().getPort();
        java.net.Socket[] stuck = new java.net.Socket[2];
        try {
            // both workers taken: one waits for the rest of its headers, one for a body shorter than announced
            stuck[0] = new java.net.Socket(InetAddress.getLoopbackAddress(), port);
            stuck[0].getOutputStream().write("GET /v1/thing HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.US_ASCII));
            stuck[1] = new java.net.Socket(InetAddress.getLoopbackAddress(), port);
            stuck[1].getOutputStream().write(("POST /v1/thing HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n{")
                    .getBytes(StandardCharsets.US_ASCII));
            java.util.concurrent.CompletableFuture<HttpResponse<String>> waiting = client.sendAsync(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/thing")).build(),
                    HttpResponse.BodyHandlers.ofString());
            Thread.sleep(800);
            assertThat(waiting).as("both workers are held by the stuck clients").isNotDone();
            assertThat(watchdog.cutStale()).isEqualTo(2);
            assertThat(waiting.get(10, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(stuck[0].getInputStream().read()).as("the stuck connection was closed").isEqualTo(-1);
        } finally {
            for (java.net.Socket s : stuck) {
                if (s != null) {
                    s.close();
                }
            }
            workers.shutdownNow();
        }
    }

    @Test
    void manyStalledConnectionsAreCutSoonerWhileOthersWait() throws Exception {
        // a slowloris client: 20 connections that each send part of a request and stall; at the full limit
        // (10 s a connection, two workers) a real request would wait 100 s
        ExchangeWatchdog watchdog = new ExchangeWatchdog(10_000, 200);
        Router router = new Router(new Authenticator(TOKEN, false), watchdog);
        router.get("/v1/thing", r -> Map.of("ok", true));
        java.util.concurrent.ExecutorService workers = serveOnWatchedWorkers(router, watchdog, 2);
        int port = server.getAddress().getPort();
        List<java.net.Socket> stalled = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            java.net.Socket s = new java.net.Socket(InetAddress.getLoopbackAddress(), port);
            stalled.add(s);
            s.getOutputStream().write("GET /v1/thing HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        answeredBehind(watchdog, port, stalled, workers, 8, "20 stalled connections");
    }

    /** A router with a {@code bigKb} answer at /v1/big and a small one at /v1/thing. */
    private static Router bigAndSmall(ExchangeWatchdog watchdog, int bigKb) {
        Router router = new Router(new Authenticator(TOKEN, false), watchdog);
        String big = "x".repeat(bigKb * 1024);
        router.get("/v1/big", r -> Map.of("data", big));
        router.get("/v1/thing", r -> Map.of("ok", true));
        return router;
    }

    /**
     * Asks for /v1/thing while the watchdog runs as the agent's scheduler would, and checks it is answered within
     * {@code maxSeconds} behind {@code clients}; then closes the clients and the workers.
     */
    private void answeredBehind(ExchangeWatchdog watchdog, int port, List<java.net.Socket> clients,
                                java.util.concurrent.ExecutorService workers, double maxSeconds, String behind) throws Exception {
        java.util.concurrent.ScheduledExecutorService scheduler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try {
            scheduler.scheduleWithFixedDelay(watchdog::cutStale, 50, 50, java.util.concurrent.TimeUnit.MILLISECONDS);
            long t0 = System.nanoTime();
            HttpResponse<String> r = get("http://127.0.0.1:" + port + "/v1/thing");
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(seconds).as("answered behind " + behind).isLessThan(maxSeconds);
        } finally {
            scheduler.shutdownNow();
            for (java.net.Socket s : clients) {
                s.close();
            }
            workers.shutdownNow();
        }
    }

    @Test
    void clientsThatPipelineLargeAnswersAndNeverReadAreCutWhileOthersWait() throws Exception {
        // two connections each ask for 40 answers of 512 KB in one go and read none: their answers fill the
        // socket buffers and block both workers in a write; at the full limit the API was away 10 s per round
        ExchangeWatchdog watchdog = new ExchangeWatchdog(10_000, 200);
        java.util.concurrent.ExecutorService workers = serveOnWatchedWorkers(bigAndSmall(watchdog, 512), watchdog, 2);
        int port = server.getAddress().getPort();
        List<java.net.Socket> greedy = new java.util.ArrayList<>();
        byte[] requests = "GET /v1/big HTTP/1.1\r\nHost: localhost\r\n\r\n".repeat(40).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 2; i++) {
            java.net.Socket s = new java.net.Socket(InetAddress.getLoopbackAddress(), port);
            greedy.add(s);
            s.setReceiveBufferSize(4096);
            s.getOutputStream().write(requests);
        }
        Thread.sleep(500); // both workers are now blocked writing answers nobody reads
        answeredBehind(watchdog, port, greedy, workers, 5, "two clients that stopped reading");
    }

    @Test
    void aSlowReaderIsNotCutWhileItKeepsReading() throws Exception {
        // a client on a slow link takes an 8 MB answer 64 KB at a time, a pause between: more than the socket buffers
        // hold, so the server's writes wait on the reader; each megabyte written is progress, and the whole, though it
        // takes longer than the stall limit, is not cut
        ExchangeWatchdog watchdog = new ExchangeWatchdog(10_000, 200);
        java.util.concurrent.ExecutorService workers = serveOnWatchedWorkers(bigAndSmall(watchdog, 8 * 1024), watchdog, 1);
        int port = server.getAddress().getPort();
        java.util.concurrent.ScheduledExecutorService scheduler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try (java.net.Socket s = new java.net.Socket()) {
            s.setReceiveBufferSize(64 * 1024); // before connecting, so the window stays small: the answer cannot all sit in buffers
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            s.getOutputStream().write("GET /v1/big HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            // another request queued behind it, so the short limits apply the whole time
            java.util.concurrent.CompletableFuture<HttpResponse<String>> waiting = client.sendAsync(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/thing")).build(),
                    HttpResponse.BodyHandlers.ofString());
            scheduler.scheduleWithFixedDelay(watchdog::cutStale, 50, 50, java.util.concurrent.TimeUnit.MILLISECONDS);
            java.io.InputStream in = s.getInputStream();
            byte[] buf = new byte[64 * 1024];
            long total = 0;
            long t0 = System.nanoTime();
            for (int n; (n = in.read(buf)) > 0; ) {
                total += n;
                Thread.sleep(20);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertThat(total).as("the whole answer arrived").isGreaterThan(8L << 20);
            assertThat(seconds).as("it took longer than the stall limit").isGreaterThan(ExchangeWatchdog.STALL_LIMIT_MS / 1000.0);
            assertThat(waiting.get(10, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        } finally {
            scheduler.shutdownNow();
            workers.shutdownNow();
        }
    }

    @Test
    void aRequestWhoseHeadersAreInIsNotCutWhileTheAgentIsSlowToRouteIt() throws Exception {
        // a worker starved of CPU (a JVM starting) once took longer than the busy limit to route a request and
        // answer 401, with a warm-up request queued behind it, and was cut before it wrote a byte: the client
        // read "no bytes". Holding the router's lock stands in for the starved worker: the time is the agent's.
        ExchangeWatchdog watchdog = new ExchangeWatchdog(10_000, 200);
        Router router = new Router(new Authenticator(TOKEN, false), watchdog);
        router.get("/v1/thing", r -> Map.of("ok", true));
        router.post("/v1/thing", r -> Map.of("ok", true));
        java.util.concurrent.ExecutorService workers = serveOnWatchedWorkers(router, watchdog, 1);
        java.util.concurrent.ScheduledExecutorService scheduler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/thing";
        try {
            scheduler.scheduleWithFixedDelay(() -> { int c = watchdog.cutStale(); if (c > 0) System.err.println("CUT " + c); }, 50, 50, java.util.concurrent.TimeUnit.MILLISECONDS);
            java.util.concurrent.CompletableFuture<HttpResponse<String>> first;
            java.util.concurrent.CompletableFuture<HttpResponse<String>> queued;
            synchronized (router) {
                // a POST without the token, answered 401 before any handler: the JDK's client retries a GET whose
                // connection was cut, never a POST, so the cut shows
                first = client.sendAsync(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                Thread.sleep(200);
                queued = client.sendAsync(HttpRequest.newBuilder(URI.create(url + "?second=1")).build(),
                        HttpResponse.BodyHandlers.ofString());
                Thread.sleep(ExchangeWatchdog.BUSY_LIMIT_MS * 3);
            }
            assertThat(first.get(10, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(401);
            assertThat(queued.get(10, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        } finally {
            scheduler.shutdownNow();
            workers.shutdownNow();
        }
    }

    @Test
    void theHandlersOwnWorkIsNeverCut() throws Exception {
        ExchangeWatchdog watchdog = new ExchangeWatchdog(100);
        Router router = new Router(new Authenticator(TOKEN, false), watchdog);
        router.get("/v1/slow", r -> {
            for (int i = 0; i < 6; i++) {
                Thread.sleep(100);
                watchdog.cutStale(); // as the scheduler would, while the handler works
            }
            return Map.of("done", true);
        });
        java.util.concurrent.ExecutorService workers = serveOnWatchedWorkers(router, watchdog, 1);
        try {
            HttpResponse<String> r = get("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/slow");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(body(r).get("done").asBoolean()).isTrue();
        } finally {
            workers.shutdownNow();
        }
    }
}
