package dev.heapwise.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Checks {@code Authorization: Bearer <token>}. Both sides are hashed before the constant-time
 * comparison, so neither the content nor the length of the token leaks through timing.
 */
public final class Authenticator {
    private final byte[] expectedDigest;
    private final boolean everyRequest;

    /**
     * @param everyRequest true when the server is reachable off loopback: then GETs need the token too
     */
    public Authenticator(String token, boolean everyRequest) {
        this.expectedDigest = digest(token);
        this.everyRequest = everyRequest;
    }

    public boolean required(String method) {
        return everyRequest || !("GET".equals(method) || "HEAD".equals(method));
    }

    public boolean everyRequest() {
        return everyRequest;
    }

    /** True when the header carries the right bearer token. */
    public boolean accepts(String authorizationHeader) {
        if (authorizationHeader == null) {
            return false;
        }
        String h = stripSpaces(authorizationHeader);
        if (h.length() < 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(expectedDigest, digest(stripSpaces(h.substring(7))));
    }

    /**
     * Without the spaces and tabs HTTP allows around a header value and after the scheme; not
     * {@code trim()}, which would also drop control characters and accept "\0token" for "token". (The
     * JDK's header parser already drops characters at or below 0x20 from the end of every header value,
     * so "token\0" reaches this point as "token".)
     */
    private static String stripSpaces(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
            from++;
        }
        while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
            to--;
        }
        return s.substring(from, to);
    }

    private static byte[] digest(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
