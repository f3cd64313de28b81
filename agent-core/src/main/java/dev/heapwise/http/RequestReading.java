package dev.heapwise.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads what a client sent, for the {@link Router}: the path, the query string and the body, bounded. Every
 * way a request can be malformed ends as an {@link ApiException} with the status to answer, never as a
 * failure of the router.
 */
final class RequestReading {
    static final int MAX_BODY_BYTES = 64 * 1024;
    /**
     * A body over the limit is read on and dropped up to this much before the 413 goes out: a client
     * still sending (after {@code Expect: 100-continue}, which the JDK grants before any handler runs)
     * would otherwise get a reset connection instead of the answer. The watchdog bounds the time.
     */
    private static final int MAX_DRAINED_BYTES = 4 * 1024 * 1024;
    /** Asks the JDK to close the connection after the answer instead of reading on what the client sent. */
    private static final Map<String, String> CLOSE = Map.of("Connection", "close");

    private RequestReading() {
    }

    /** The path without trailing slashes; "/" for none. */
    static String normalise(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        String p = rawPath;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    /** The decoded query parameters; a parameter given twice or a malformed escape is a 400. */
    static Map<String, String> parseQuery(String raw) throws ApiException {
        if (raw == null || raw.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (out.put(k, v) != null) {
                    throw ApiException.badRequest("query parameter '" + k + "' is given twice");
                }
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("malformed query string");
            }
        }
        return out;
    }

    /**
     * The request body, at most {@link #MAX_BODY_BYTES}. A body that cannot be read (a malformed chunked
     * encoding, a connection cut short) is the client's mistake: 400, and the connection is closed after
     * the answer rather than drained. The JDK's chunked decoder reports some malformed chunk sizes (a
     * negative one, one that is not hexadecimal) as a RuntimeException, not an IOException.
     */
    static byte[] body(InputStream in) throws ApiException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        int n;
        try {
            while ((n = in.read(buf)) > 0) {
                if (out.size() + n > MAX_BODY_BYTES) {
                    drop(in, buf, MAX_DRAINED_BYTES - out.size() - n);
                    throw new ApiException(413, "request body larger than " + MAX_BODY_BYTES + " bytes", CLOSE);
                }
                out.write(buf, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            throw new ApiException(400, "the request body could not be read (malformed chunked encoding,"
                    + " or a body shorter than its Content-Length)", CLOSE);
        }
        return out.toByteArray();
    }

    /** Reads and drops up to {@code max} more bytes of a body too large to keep; a failure here changes no answer. */
    private static void drop(InputStream in, byte[] buf, long max) {
        try {
            long left = max;
            int n;
            while (left > 0 && (n = in.read(buf)) > 0) {
                left -= n;
            }
        } catch (IOException | RuntimeException ignored) {
            // the 413 is the answer either way
        }
    }

    /** True for a body of whitespace only, which a client that sends no body may still send. */
    static boolean blank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }
}
