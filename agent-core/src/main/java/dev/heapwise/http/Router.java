package dev.heapwise.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.heapwise.log.LogOnce;
import dev.heapwise.util.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dispatches requests to handlers by method and path template ({@code /v1/memory/pools/{name}}),
 * checks the token, and writes every answer as JSON (a raw answer excepted): an unknown path is 404, a known path with
 * another method is 405 with {@code Allow}, a missing or wrong token 401, a client mistake 4xx; an
 * unexpected failure is a 500 whose body names no internals, logged once per route. HEAD is answered
 * as GET without the body; a body sent where none is taken is a 400; the {@link ExchangeWatchdog}
 * times the exchanges, the handlers' own work excepted.
 */
public final class Router implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);
    /** How much of an unknown path a 404 repeats back. */
    private static final int MAX_ECHOED = 200;
    /**
     * Bytes of an answer written at a time; a socket that takes none of them for a while is a client that stopped
     * reading. Large: JDK 17's server leaves Nagle's algorithm on, and with 16 KB chunks every answer above 16 KB
     * on a kept-alive connection waited 40 ms for the client's delayed ACK between chunks (a 366 KB answer: 5 ms
     * written at once, 48 ms in chunks); answers below the chunk go out in one write, as before.
     */
    private static final int WRITE_CHUNK = 1 << 20;

    private final List<Route> routes = new ArrayList<>();
    private final Authenticator auth;
    private final LogOnce failures = new LogOnce();
    private final ExchangeWatchdog watchdog;

    public Router(Authenticator auth) {
        this(auth, new ExchangeWatchdog(ExchangeWatchdog.DEFAULT_LIMIT_MS));
    }

    public Router(Authenticator auth, ExchangeWatchdog watchdog) {
        this.auth = auth;
        this.watchdog = watchdog;
    }

    /** Times this router's exchanges: the server's executor comes from it. */
    public ExchangeWatchdog watchdog() {
        return watchdog;
    }

    public Router get(String template, Handler handler) {
        return add("GET", template, handler, false);
    }

    /** A POST that takes no body: one sent anyway is a 400 (a client sending options it thinks exist must learn they do not). */
    public Router post(String template, Handler handler) {
        return add("POST", template, handler, false);
    }

    /** A POST whose handler reads a JSON body. */
    public Router postJson(String template, Handler handler) {
        return add("POST", template, handler, true);
    }

    public Router delete(String template, Handler handler) {
        return add("DELETE", template, handler, false);
    }

    public synchronized Router add(String method, String template, Handler handler, boolean takesBody) {
        Route route = routes.stream().filter(r -> r.template.equals(template)).findFirst().orElse(null);
        if (route == null) {
            route = new Route(template);
            routes.add(route);
        }
        if (route.handlers.putIfAbsent(method, new Endpoint(handler, takesBody)) != null) {
            throw new IllegalStateException(method + " " + template + " is registered twice");
        }
        return this;
    }

    /** Every route as {@code METHOD template}, for the status endpoint and tests. */
    public synchronized List<String> describe() {
        List<String> out = new ArrayList<>();
        for (Route r : routes) {
            for (String m : r.handlers.keySet()) {
                out.add(m + " " + r.template);
            }
        }
        return out;
    }

    /**
     * Answers one exchange. No Error leaves (an Error thrown to the worker ends it, see
     * ExchangeWatchdog.markSafely), but an answer that could not be written is rethrown (it can only be an
     * IOException or a RuntimeException): the JDK closes a connection whose exchange ended in an exception,
     * and only then. Swallowed, the
     * exchange never completed and its connection stayed open for good: a client that hung up after the
     * headers (a scrape's timeout, measured: 129 of 500 such requests) left one socket and its buffers
     * behind each time. A client that hangs up is not the agent's failure: only other failures are logged.
     */
    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Exception unsent = null;
        try {
            // the JDK has read the request line and headers: what follows up to the answer is the agent's time
            watchdog.workStarted();
            Answer answer = answer(exchange);
            watchdog.workEnded();
            send(exchange, answer);
        } catch (Throwable t) {
            boolean cut = Thread.currentThread().isInterrupted(); // the watchdog cut a client that stopped reading
            if (!cut && !(t instanceof IOException)) {
                failures.warn(LOG, "send", "an HTTP response could not be written", t); // never throws
            }
            if (t instanceof Exception) {
                unsent = (Exception) t;
            }
        } finally {
            try {
                exchange.close();
            } catch (Throwable ignored) {
                // the connection goes with the exchange either way
            }
        }
        // rethrown as it is: wrapping it would allocate, and the failure may be a heap that has run out
        if (unsent instanceof IOException) {
            throw (IOException) unsent;
        }
        if (unsent instanceof RuntimeException) {
            throw (RuntimeException) unsent;
        }
    }

    private Answer answer(HttpExchange exchange) {
        // HEAD is GET without the body (HTTP's own rule): the same handler, the same status and headers
        String method = "HEAD".equals(exchange.getRequestMethod()) ? "GET" : exchange.getRequestMethod();
        String path = RequestReading.normalise(exchange.getRequestURI().getRawPath());
        boolean authorised = auth.accepts(exchange.getRequestHeaders().getFirst("Authorization"));
        if (auth.everyRequest() && !authorised) {
            return unauthorized(); // off loopback, a stranger learns nothing: not even which paths exist
        }
        if (!authorised && !addressedLocally(exchange)) {
            return Answer.error(403, "requests without the bearer token must be addressed to localhost, a loopback address or"
                    + " this machine's name, not '" + echoed(String.valueOf(exchange.getRequestHeaders().getFirst("Host")))
                    + "' (a guard against DNS rebinding); send the token to be answered under any name", Map.of());
        }
        Route route = null;
        Map<String, String> params = null;
        synchronized (this) {
            for (Route r : routes) {
                Map<String, String> p = r.match(path);
                if (p != null) {
                    route = r;
                    params = p;
                    break;
                }
            }
        }
        if (route == null) {
            return Answer.error(404, "no such endpoint: " + echoed(path), Map.of());
        }
        Endpoint endpoint = route.handlers.get(method);
        if (endpoint == null) {
            return Answer.error(405, "method " + echoed(method) + " is not allowed on " + route.template,
                    Map.of("Allow", String.join(", ", route.handlers.keySet())));
        }
        if (auth.required(method) && !authorised) {
            return unauthorized();
        }
        try {
            Map<String, String> query = RequestReading.parseQuery(exchange.getRequestURI().getRawQuery());
            watchdog.awaitingClient(); // a body still arriving is the client's time
            byte[] body = RequestReading.body(exchange.getRequestBody());
            watchdog.workStarted();
            if (!endpoint.takesBody() && !RequestReading.blank(body)) {
                throw ApiException.badRequest(method + " " + route.template + " takes no body");
            }
            Object result = endpoint.handler().handle(new Request(method, path, query, params, body));
            return result instanceof Answer ? (Answer) result : Answer.ok(result);
        } catch (ApiException e) {
            return Answer.error(e.status(), e.getMessage(), e.headers());
        } catch (Throwable t) {
            failures.warn(LOG, route.template, "handler for " + method + " " + route.template + " failed", t);
            return Answer.error(500, "internal error while answering " + route.template + "; see the agent log", Map.of());
        }
    }

    /**
     * On loopback, a request without the token must name this machine, in its Host header and in an absolute
     * request URI (see {@link LocalNames}); off loopback every request needs the token anyway.
     */
    private boolean addressedLocally(HttpExchange exchange) {
        return auth.everyRequest() || (LocalNames.isLocal(exchange.getRequestHeaders().getFirst("Host"))
                && LocalNames.isLocal(exchange.getRequestURI().getHost()));
    }

    /** What the client sent, cut short for the answer: an echo never grows with the request. */
    private static String echoed(String sent) {
        return sent.length() <= MAX_ECHOED ? sent : sent.substring(0, MAX_ECHOED) + "...";
    }

    private static Answer unauthorized() {
        return Answer.error(401, "missing or wrong bearer token (Authorization: Bearer <token>)",
                Map.of("WWW-Authenticate", "Bearer realm=\"heapwise\""));
    }

    private void send(HttpExchange exchange, Answer answer) throws IOException {
        Raw raw = answer.body() instanceof Raw r ? r : null;
        byte[] bytes = raw != null ? raw.bytes() : Json.bytes(answer.body());
        Headers h = exchange.getResponseHeaders();
        h.set("Content-Type", raw != null ? raw.contentType() : "application/json; charset=utf-8");
        h.set("Cache-Control", "no-store");
        h.set("X-Content-Type-Options", "nosniff");
        answer.headers().forEach(h::set);
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(answer.status(), head || bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!head) {
                // in chunks, each one progress for the watchdog: a client that stops reading is told from a slow one
                for (int at = 0; at < bytes.length; at += WRITE_CHUNK) {
                    out.write(bytes, at, Math.min(WRITE_CHUNK, bytes.length - at));
                    watchdog.progress();
                }
            }
            out.flush();
            closeRequestBody(exchange);
        }
    }

    /**
     * Closes what is left of the request body once the answer is flushed, before the answer's stream is
     * closed. Closing that stream makes the JDK drain the request body, catching only an IOException, and
     * its chunked decoder throws an IndexOutOfBoundsException for a chunk size of 2^31 or more: that
     * exchange never completed and its connection was never closed (found by a fuzzing client: one socket
     * and about 20 KB of heap kept per such request, whatever the route or the answer, until the process
     * ran out of descriptors or heap). Drained here, with everything caught, the JDK skips its own drain,
     * completes the exchange, and closes the connection when the body was not read to its end. A client
     * that stalls mid-body holds this worker no longer than the watchdog allows.
     */
    private static void closeRequestBody(HttpExchange exchange) {
        try {
            exchange.getRequestBody().close();
        } catch (Throwable notDrained) {
            // the JDK closes a connection whose request body did not reach its end
        }
    }

    /** A handler's full answer when 200 with a JSON body is not enough. */
    public record Answer(int status, Object body, Map<String, String> headers) {
        public static Answer ok(Object body) {
            return new Answer(200, body, Map.of());
        }

        /** 200 with a body that is not JSON (the Prometheus text, the dashboard's files), sent as it is. */
        public static Answer raw(String contentType, byte[] bytes, Map<String, String> headers) {
            return new Answer(200, new Raw(contentType, bytes), headers);
        }

        static Answer error(int status, String message, Map<String, String> headers) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", message);
            body.put("status", status);
            return new Answer(status, body, headers);
        }
    }

    /** A body sent as these bytes with this content type. */
    private record Raw(String contentType, byte[] bytes) {
    }

    private record Endpoint(Handler handler, boolean takesBody) {
    }

    private static final class Route {
        final String template;
        final String[] segments;
        final Map<String, Endpoint> handlers = Collections.synchronizedMap(new LinkedHashMap<>());

        Route(String template) {
            this.template = template;
            this.segments = template.substring(1).split("/");
        }

        /** The path parameters when {@code path} matches, else null. */
        Map<String, String> match(String path) {
            String[] parts = path.substring(1).split("/", -1);
            if (parts.length != segments.length) {
                return null;
            }
            Map<String, String> params = null;
            for (int i = 0; i < parts.length; i++) {
                String s = segments[i];
                if (s.startsWith("{") && s.endsWith("}")) {
                    if (parts[i].isEmpty()) {
                        return null;
                    }
                    if (params == null) {
                        params = new LinkedHashMap<>();
                    }
                    try {
                        params.put(s.substring(1, s.length() - 1), URLDecoder.decode(parts[i], StandardCharsets.UTF_8));
                    } catch (IllegalArgumentException malformed) {
                        return null;
                    }
                } else if (!s.equals(parts[i])) {
                    return null;
                }
            }
            return params == null ? Map.of() : params;
        }
    }
}
