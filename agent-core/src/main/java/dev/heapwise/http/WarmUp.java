package dev.heapwise.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Sends the agent's own server a few real requests right after it starts. A class whose static initialiser
 * first runs while the application's heap is full fails for good ("Could not initialize class ..." on every
 * later use): seen with Prometheus's {@code Quantiles}, whose first scrape came during an OutOfMemoryError
 * and left {@code /metrics} answering 500 for the rest of the JVM's life. Requests made while there is heap
 * initialise every class on the paths the API takes (the JDK's server, the router, JSON, the Prometheus
 * writer, the error answers) before they can be needed without it. Failures are ignored: this only warms.
 */
final class WarmUp {
    /** Each kind of answer: JSON, the Prometheus text, a file, a 404, a 400. */
    static final List<String> PATHS = List.of("/v1/memory/status", "/v1/memory/profile", "/v1/memory/health", "/metrics",
            "/", "/v1/memory/no-such-endpoint", "/v1/memory/profile?no-such-parameter=1");
    private static final int TIMEOUT_MS = 5000;

    private WarmUp() {
    }

    /** Requests every path of {@link #PATHS} from the server at {@code address}:{@code port}; how many were answered. */
    static int run(InetAddress address, int port, String token) {
        InetAddress target = address.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : address;
        int answered = 0;
        for (String path : PATHS) {
            if (get(target, port, path, token)) {
                answered++;
            }
        }
        return answered;
    }

    private static boolean get(InetAddress address, int port, String path, String token) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), TIMEOUT_MS);
            s.setSoTimeout(TIMEOUT_MS);
            String request = "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + "\r\n";
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            boolean any = false;
            while (in.read(buf) > 0) {
                any = true;
            }
            return any;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
