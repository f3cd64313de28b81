package dev.heapwise.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;

/**
 * A request body that must be one JSON object with known fields: anything else is a 400 that says
 * what was wrong (never a stack trace). Duplicate keys, trailing content and unknown fields are
 * rejected, so a typo is an error, not a silently ignored setting.
 */
final class JsonBody {
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

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
            tree = STRICT.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest(describe(e));
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

    /**
     * What is wrong with a body, where, in the parser's words but without its internals (the parser's
     * class and feature names, the source it read), which mean nothing to a client.
     */
    static String describe(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException) {
            return "the body is nested too deeply, or holds a number or string too long";
        }
        String why = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (why.startsWith("Trailing token")) {
            why = "more content after the JSON value";
        }
        for (String internals : new String[]{"`", "[Source", " (bound as", ": enable", "\n"}) {
            int i = why.indexOf(internals);
            if (i >= 0) {
                why = why.substring(0, i);
            }
        }
        why = why.strip().replaceAll("[:(]$", "").strip();
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return "the body is not valid JSON" + where + (why.isEmpty() ? "" : ": " + why);
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
