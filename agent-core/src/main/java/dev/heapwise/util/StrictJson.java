package dev.heapwise.util;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;

/**
 * Reads what people write (request bodies, the config file) strictly: a duplicate key or content after
 * the value is an error, not a silently dropped setting. Its errors are put in plain words, without the
 * parser's internals. A class of its own so the mapper is built on first use: built in premain for a
 * config file nobody gave, it took about a quarter of premain's time (measured), which the application
 * waits for.
 */
public final class StrictJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private StrictJson() {
    }

    public static JsonNode read(byte[] json) throws IOException {
        return MAPPER.readTree(json);
    }

    public static JsonNode read(String json) throws IOException {
        return MAPPER.readTree(json);
    }

    /**
     * Where and what the parser found wrong ({@code at line 1, column 18: more content after the JSON
     * value}; never empty), in its words but without its class and feature names or the source it
     * read, which mean nothing to the person who wrote the JSON.
     */
    public static String problem(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException) {
            return "nested too deeply, or a number or string too long";
        }
        String why = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (why.startsWith("Trailing token")) {
            why = "more content after the JSON value";
        }
        for (String internals : new String[]{"`", "[Source", " (bound as", ": enable", " (not recognized as one", "\n"}) {
            int i = why.indexOf(internals);
            if (i >= 0) {
                why = why.substring(0, i);
            }
        }
        why = why.strip().replaceAll("[:(]$", "").strip();
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 1 ? "" : "at line " + at.getLineNr() + ", column " + at.getColumnNr();
        if (where.isEmpty() || why.isEmpty()) {
            return where.isEmpty() && why.isEmpty() ? "not parseable" : where + why;
        }
        return where + ": " + why;
    }
}
