package dev.heapwise.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The router behind a real JDK HttpServer on loopback, answering real HTTP requests. */
class RouterTest {
    private static final String TOKEN = "test-token-123";
    private final HttpClient client = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicInteger posts = new AtomicInteger();
    private HttpServer server;

    private String start(boolean everyRequest) throws IOException {
        Router router = new Router(new Authenticator(TOKEN, everyRequest));
        router.get("/v1/thing", r -> {
            r.allowOnly("limit");
            return Map.of("limit", r.intParam("limit", 1, 10, 5));
        });
        router.postJson("/v1/thing", r -> Map.of("posted", posts.incrementAndGet()));
        router.post("/v1/reset", r -> Map.of("reset", posts.incrementAndGet()));
        router.get("/v1/items/{name}", r -> Map.of("name", r.pathParams().get("name")));
        router.get("/v1/big", r -> Map.of("data", "x".repeat(4 << 20)));
        router.get("/v1/boom", r -> {
            throw new IllegalStateException("secret internals");
        });
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", router);
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private HttpResponse<String> send(String method, String url, String auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).method(method,
                method.equals("GET") ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}"));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode body(HttpResponse<String> r) throws IOException {
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        return json.readTree(r.body());
    }

    @Test
    void getNeedsNoTokenOnLoopback() throws Exception {
        String base = start(false);
        HttpResponse<String> r = send("GET", base + "/v1/thing?limit=3", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(body(r).get("limit").asInt()).isEqualTo(3);
    }

    @Test
    void postWithoutOrWithWrongTokenIs401AndChangesNothing() throws Exception {
        String base = start(false);
        for (String auth : new String[]{null, "Bearer wrong", "Basic dGVzdA==", "Bearer", "Bearer " + TOKEN + "x"}) {
            HttpResponse<String> r = send("POST", base + "/v1/thing", auth);
            assertThat(r.statusCode()).as("auth %s", auth).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            assertThat(body(r).get("status").asInt()).isEqualTo(401);
        }
        assertThat(posts.get()).isZero();
        HttpResponse<String> ok = send("POST", base + "/v1/thing", "Bearer " + TOKEN);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(posts.get()).isEqualTo(1);
    }

    @Test
    void offLoopbackEveryRequestNeedsTheToken() throws Exception {
        String base = start(true);
        assertThat(send("GET", base + "/v1/thing", null).statusCode()).isEqualTo(401);
        assertThat(send("GET", base + "/v1/nothing-here", null).statusCode()).isEqualTo(401);
        assertThat(send("DELETE", base + "/v1/thing", null).statusCode()).as("no 405 before the token").isEqualTo(401);
        assertThat(send("DELETE", base + "/v1/thing", "Bearer " + TOKEN).statusCode()).isEqualTo(405);
        assertThat(send("GET", base + "/v1/thing", "bearer " + TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void unknownPathIs404Json() throws Exception {
        String base = start(false);
        HttpResponse<String> r = send("GET", base + "/v1/nothing", null);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(body(r).get("error").asText()).contains("/v1/nothing");
    }

    @Test
    void wrongMethodIs405WithAllow() throws Exception {
        String base = start(false);
        HttpResponse<String> r = send("DELETE", base + "/v1/thing", "Bearer " + TOKEN);
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).hasValue("GET, POST");
        assertThat(body(r).get("status").asInt()).isEqualTo(405);
    }

    @Test
    void badQueryIs400Json() throws Exception {
        String base = start(false);
        for (String q : new String[]{"limit=0", "limit=abc", "limit=11", "other=1", "limit=1&limit=2", "limit=%C3"}) {
            HttpResponse<String> r = send("GET", base + "/v1/thing?" + q, null);
            assertThat(r.statusCode()).as(q).isEqualTo(400);
            assertThat(body(r).get("error").asText()).as(q).isNotBlank();
        }
    }

    @Test
    void malformedEscapesFromARawClientAre400() throws Exception {
        String base = start(false);
        int port = Integer.parseInt(base.substring(base.lastIndexOf(':') + 1));
        try (java.net.Socket s = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
            s.getOutputStream().write("GET /v1/thing?limit=%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
            assertThat(status).startsWith("HTTP/1.1 400");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "localhost:7171", "LOCALHOST.", "app.localhost:80", "127.0.0.1:7171", "127.3.2.1",
            "[::1]:7171", "[0:0:0:0:0:0:0:1]"})
    void getWithoutTheTokenIsAnsweredUnderTheMachinesOwnNames(String host) throws Exception {
        String base = start(false);
        assertThat(raw(port(base), "GET /v1/thing HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 200");
    }

    @ParameterizedTest
    @ValueSource(strings = {"attacker.example", "attacker.example:7171", "127.0.0.1.attacker.example", "localhost.attacker.example",
            "10.0.0.5", "[::2]:7171"})
    void getWithoutTheTokenUnderAnotherNameIs403ADnsRebindingGuard(String host) throws Exception {
        String base = start(false);
        String request = "GET /v1/thing HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
        String answer = rawWithBody(port(base), request);
        assertThat(answer).startsWith("HTTP/1.1 403").contains("\"error\"").contains("DNS rebinding").doesNotContain("Exception");
        // the token makes any name good: a proxy or tunnel that rewrites Host can still be used with it
        assertThat(raw(port(base), "GET /v1/thing HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer " + TOKEN
                + "\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200");
    }

    @Test
    void anAbsoluteRequestUriNamingAnotherHostIs403() throws Exception {
        String base = start(false);
        assertThat(raw(port(base), "GET http://attacker.example/v1/thing HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 403");
        assertThat(raw(port(base), "GET http://localhost/v1/thing HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 200");
    }

    /** Sends raw bytes on a new connection; returns everything the server answered until it closed. */
    private static String rawWithBody(int port, String request) throws IOException {
        try (java.net.Socket s = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(15_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void pathParametersAndTrailingSlash() throws Exception {
        String base = start(false);
        assertThat(body(send("GET", base + "/v1/items/a%20b", null)).get("name").asText()).isEqualTo("a b");
        assertThat(send("GET", base + "/v1/thing/", null).statusCode()).isEqualTo(200);
        assertThat(send("GET", base + "/v1/items/", null).statusCode()).isEqualTo(404);
    }

    @Test
    void handlerFailureIs500WithoutInternals() throws Exception {
        String base = start(false);
        HttpResponse<String> r = send("GET", base + "/v1/boom", null);
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).doesNotContain("secret internals").doesNotContain("IllegalStateException");
    }

    @Test
    void oversizedBodyIs413() throws Exception {
        String base = start(false);
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/v1/thing"))
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[RequestReading.MAX_BODY_BYTES + 1])).build();
        HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(posts.get()).isZero();
    }

    /** Sends raw bytes on a new connection; returns the status line and headers the server answered with. */
    private static String raw(int port, String request) throws IOException {
        try (java.net.Socket s = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(15_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
                    StandardCharsets.ISO_8859_1));
            StringBuilder head = new StringBuilder();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                head.append(line).append('\n');
            }
            return head.toString();
        }
    }

    /** Sends raw bytes on a new connection and reads all of the answer; true once the server closed the connection. */
    private static boolean answeredAndClosed(int port, String request) throws IOException {
        try (java.net.Socket s = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            byte[] all = s.getInputStream().readAllBytes();
            return new String(all, StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 4");
        } catch (java.net.SocketTimeoutException stillOpen) {
            return false;
        }
    }

    private static int port(String base) {
        return Integer.parseInt(base.substring(base.lastIndexOf(':') + 1));
    }

    @Test
    void headIsGetWithoutABody() throws Exception {
        String base = start(false);
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/v1/thing?limit=3"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        assertThat(r.body()).isEmpty();
        assertThat(send("HEAD", base + "/v1/thing?limit=0", null).statusCode()).isEqualTo(400);
    }

    /** Each a chunk size the JDK's decoder rejects, some as an IOException and some as a RuntimeException. */
    @ParameterizedTest
    @ValueSource(strings = {"ZZ\r\n", "-5\r\nabc\r\n", "-1\r\n", "80000000\r\nab", "ffffffffffffffff\r\nab",
            "5\r\nabcdefgh\r\n0\r\n\r\n"})
    void aMalformedChunkedBodyIs400(String chunks) throws Exception {
        String base = start(false);
        for (String method : List.of("POST", "GET")) {
            String answer = raw(port(base), method + " /v1/thing HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TOKEN
                    + "\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks);
            assertThat(answer).as(method + " " + chunks).startsWith("HTTP/1.1 400")
                    .containsIgnoringCase("content-type: application/json");
        }
        assertThat(posts.get()).isZero();
    }

    /**
     * A chunk size of 2^31 or more made the JDK's own drain throw past its catch: the exchange never
     * completed and the connection stayed open, whatever the route and the answer (a fuzzing client kept
     * one socket and 20 KB of heap per request). Every such request is answered and its connection closed.
     */
    @Test
    void aChunkSizeBeyondAnIntIsAnsweredAndItsConnectionClosedOnEveryRoute() throws Exception {
        String base = start(false);
        String chunked = "\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n80000000\r\nab";
        for (String request : List.of("GET /v1/thing HTTP/1.1" + chunked, "GET /v1/nothing HTTP/1.1" + chunked,
                "POST /v1/thing HTTP/1.1" + chunked, "DELETE /v1/thing HTTP/1.1" + chunked)) {
            assertThat(answeredAndClosed(port(base), request)).as(request).isTrue();
        }
        assertThat(posts.get()).isZero();
    }

    /**
     * A client that hangs up while the answer is being written (a scrape that timed out): the JDK closes
     * the connection only when the exchange ends in an exception, so each such request used to leave a
     * socket open in the application for good.
     */
    @Test
    void aClientThatHangsUpMidAnswerLeavesNoSocketBehind() throws Exception {
        String base = start(false);
        long before = openSockets();
        for (int i = 0; i < 40; i++) {
            try (java.net.Socket s = new java.net.Socket(InetAddress.getLoopbackAddress(), port(base))) {
                s.setSoLinger(true, 0); // hang up with a reset
                s.getOutputStream().write("GET /v1/big HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                assertThat(s.getInputStream().read(new byte[64])).isPositive(); // the answer has started
            }
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (openSockets() > before + 5 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(openSockets()).as("sockets open in this JVM, %d before", before).isLessThanOrEqualTo(before + 5);
        assertThat(send("GET", base + "/v1/thing", null).statusCode()).isEqualTo(200);
    }

    private static long openSockets() throws IOException {
        try (java.util.stream.Stream<java.nio.file.Path> fds = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
            return fds.filter(f -> {
                try {
                    return java.nio.file.Files.readSymbolicLink(f).toString().startsWith("socket:");
                } catch (IOException gone) {
                    return false;
                }
            }).count();
        }
    }

    @Test
    void anUnknownPathIsEchoedShort() throws Exception {
        String base = start(false);
        HttpResponse<String> r = send("GET", base + "/v1/" + "x".repeat(5000), null);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(body(r).get("error").asText()).hasSizeLessThan(300).endsWith("...");
    }

    @Test
    void anOversizedBodySentAfterExpectContinueStillGetsThe413() throws Exception {
        String base = start(false);
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/v1/thing")).expectContinue(true)
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[200 * 1024])).build();
        HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(body(r).get("error").asText()).contains("larger than");
        assertThat(posts.get()).isZero();
    }

    @Test
    void aBodySentToAnEndpointThatTakesNoneIs400AndChangesNothing() throws Exception {
        String base = start(false);
        HttpResponse<String> r = send("POST", base + "/v1/reset", "Bearer " + TOKEN); // sends {}
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(body(r).get("error").asText()).isEqualTo("POST /v1/reset takes no body");
        assertThat(posts.get()).isZero();
        HttpResponse<String> empty = client.send(HttpRequest.newBuilder(URI.create(base + "/v1/reset"))
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString(" \n")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(empty.statusCode()).isEqualTo(200);
    }
}
