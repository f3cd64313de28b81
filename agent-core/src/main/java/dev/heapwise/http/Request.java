package dev.heapwise.http;

import java.util.Map;

/** What a handler sees of a request: method, path, decoded query, path parameters, body. */
public record Request(String method, String path, Map<String, String> query, Map<String, String> pathParams,
                      byte[] body) {

    /** An optional integer query parameter within {@code [min, max]}; absent gives {@code fallback}. */
    public int intParam(String name, int min, int max, int fallback) throws ApiException {
        String v = query.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.strip()); // not trim(): "5\0" is not a number
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ApiException.badRequest("query parameter '" + name + "' must be a whole number from " + min + " to " + max);
    }

    /** Rejects query parameters the endpoint does not know, so a typo is an error rather than ignored. */
    public void allowOnly(String... names) throws ApiException {
        outer:
        for (String key : query.keySet()) {
            for (String n : names) {
                if (n.equals(key)) {
                    continue outer;
                }
            }
            throw ApiException.badRequest("unknown query parameter '" + key + "'"
                    + (names.length == 0 ? "; this endpoint takes none" : "; allowed: " + String.join(", ", names)));
        }
    }
}
