package dev.heapwise.it.apps;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A small service on the JDK's HTTP server whose requests allocate known amounts, for per-method
 * allocation tracking: the agent should report bytes per request for its handlers with no configuration,
 * and for {@link Work#compute} when asked to ({@code trackMethods}). Commands (see {@link CommandLoop}):
 * <ul>
 *   <li>{@code requests <path> <n>}: n GET requests to its own server ({@code /block?kb=K}: a handler class
 *       allocating K KB; {@code /lambda}: a lambda handler allocating 16 KB)</li>
 *   <li>{@code compute <kb> <n>}: n calls of {@link Work#compute} on the main thread</li>
 *   <li>{@code virtual-compute <kb> <n>}: n calls of it, each on a virtual thread of its own (JDK 21 and
 *       later; {@code "virtual":false} where the JDK has none)</li>
 * </ul>
 */
public final class RequestApp {
    static final int LAMBDA_KB = 16;

    private RequestApp() {
    }

    public static void main(String[] args) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/block", new BlockHandler());
        server.createContext("/lambda", exchange -> respond(exchange, Work.compute(LAMBDA_KB)));
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "request-worker");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        int port = server.getAddress().getPort();
        CommandLoop.run((command, words) -> {
            switch (command) {
                case "requests": {
                    int n = Integer.parseInt(words[2]);
                    int ok = 0;
                    for (int i = 0; i < n; i++) {
                        ok += get(port, words[1]) == 200 ? 1 : 0;
                    }
                    return ",\"ok\":" + ok;
                }
                case "compute": {
                    int kb = Integer.parseInt(words[1]);
                    long sum = 0;
                    for (int i = 0; i < Integer.parseInt(words[2]); i++) {
                        sum += Work.compute(kb);
                    }
                    return ",\"sum\":" + sum;
                }
                case "virtual-compute":
                    return virtualCompute(Integer.parseInt(words[1]), Integer.parseInt(words[2]));
                case "ping":
                    return ",\"pong\":true";
                default:
                    throw new IllegalArgumentException("unknown command '" + command + "'");
            }
        });
        server.stop(0);
    }

    /** Found by reflection: this class is compiled for JDK 17, which has no virtual threads. */
    private static String virtualCompute(int kb, int n) throws Exception {
        java.lang.reflect.Method factory;
        try {
            factory = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
        } catch (NoSuchMethodException e) {
            return ",\"virtual\":false";
        }
        ExecutorService executor = (ExecutorService) factory.invoke(null);
        long sum = 0;
        try {
            List<Future<Long>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                results.add(executor.submit(() -> Work.compute(kb)));
            }
            for (Future<Long> f : results) {
                sum += f.get();
            }
        } finally {
            executor.shutdown();
        }
        return ",\"virtual\":true,\"sum\":" + sum;
    }

    private static int get(int port, String path) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + port + path).openConnection();
        try (InputStream in = c.getInputStream()) {
            in.readAllBytes();
            return c.getResponseCode();
        } finally {
            c.disconnect();
        }
    }

    static void respond(HttpExchange exchange, long value) throws IOException {
        byte[] body = Long.toString(value).getBytes(StandardCharsets.US_ASCII);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** A handler class: allocates {@code kb} KB (from the query, default 64) per request. */
    static final class BlockHandler implements HttpHandler {
        @Override
        public void handle(HttpExchange exchange) throws IOException {
            String query = exchange.getRequestURI().getQuery();
            int kb = query != null && query.startsWith("kb=") ? Integer.parseInt(query.substring(3)) : 64;
            respond(exchange, Work.compute(kb));
        }
    }

    /** The work behind every request: {@code kb} one-kilobyte arrays, held until it returns. */
    static final class Work {
        private Work() {
        }

        static long compute(int kb) {
            List<byte[]> blocks = new ArrayList<>(kb);
            long sum = 0;
            for (int i = 0; i < kb; i++) {
                byte[] b = new byte[1024];
                b[i % 1024] = (byte) i;
                blocks.add(b);
                sum += b[i % 1024];
            }
            return sum + blocks.size();
        }
    }
}
