package dev.heapwise.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heapwise.util.StrictJson;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;

/**
 * A request body that must be one JSON object with known fields: anything else is a 400 that says
 * what was wrong (never a stack trace). Duplicate keys, trailing content and unknown fields are
 * rejected, so a typo is an error, not a silently ignored setting.
 */
final class JsonBody {
    private final ObjectNode node;

    private JsonBody(ObjectNode node) {
        this.node = node;
    }

    /** The body as an object whose fields are all among {@code allowed}. */
    static JsonBody parse(byte[] body, String... allowed) throws ApiException {
        if (body == null || body.length == 0) {
            throw ApiException.badRequest("a JSON object body is required (fields: " + String.join(", ", allowed) + ")");
        }
        JsonNode tree;
        try {
            tree = StrictJson.read(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("the body is not valid JSON (" + StrictJson.problem(e) + ")");
        } catch (IOException e) {
            throw ApiException.badRequest("the body could not be read as JSON");
        }
        if (tree == null || !tree.isObject()) {
            throw ApiException.badRequest("the body must be a JSON object (fields: " + String.join(", ", allowed) + ")");
        }
        for (Iterator<String> it = tree.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!List.of(allowed).contains(f)) {
                throw ApiException.badRequest("unknown field '" + f + "'; allowed: " + String.join(", ", allowed));
            }
        }
        return new JsonBody((ObjectNode) tree);
    }

    /** A required string field. */
    String text(String field) throws ApiException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw ApiException.badRequest("field '" + field + "' is required");
        }
        if (!v.isTextual()) {
            throw ApiException.badRequest("field '" + field + "' must be a string");
        }
        return v.textValue();
    }

    /** A whole number field within {@code [min, max]}, or {@code fallback} when absent. */
    long number(String field, long min, long max, Long fallback) throws ApiException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (fallback == null) {
                throw ApiException.badRequest("field '" + field + "' is required");
            }
            return fallback;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
            throw ApiException.badRequest("field '" + field + "' must be a whole number from " + min + " to " + max);
        }
        return v.longValue();
    }

    /** A boolean field, or {@code fallback} when absent. */
    boolean bool(String field, boolean fallback) throws ApiException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw ApiException.badRequest("field '" + field + "' must be true or false");
        }
        return v.booleanValue();
    }
}
