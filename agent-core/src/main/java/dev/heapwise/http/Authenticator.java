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
        return everyRequest || !"GET".equals(method);
    }

    public boolean everyRequest() {
        return everyRequest;
    }

    /** True when the header carries the right bearer token. */
    public boolean accepts(String authorizationHeader) {
        if (authorizationHeader == null) {
            return false;
        }
        String h = authorizationHeader.trim();
        if (h.length() < 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(expectedDigest, digest(h.substring(7).trim()));
    }

    private static byte[] digest(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
