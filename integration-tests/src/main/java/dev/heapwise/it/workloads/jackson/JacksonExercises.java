package dev.heapwise.it.workloads.jackson;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.Map;

/** Jackson's two lower layers: the tree model (JsonNode) and the streaming parser and generator. */
public final class JacksonExercises {
    private JacksonExercises() {
    }

    /** Reads a document as a tree, walks it, edits it and writes it back; returns the written text. */
    public static String editTree(ObjectMapper mapper, byte[] json) throws IOException {
        JsonNode root = mapper.readTree(json);
        ObjectNode edited = (ObjectNode) root.deepCopy();
        edited.put("nodeCount", count(root));
        edited.put("city", root.at("/customer/billing/city").asText("?"));
        edited.put("firstSku", root.path("lines").path(0).path("sku").asText());
        ArrayNode skus = edited.putArray("skus");
        for (JsonNode line : root.path("lines")) {
            skus.add(line.get("sku").asText().toLowerCase(java.util.Locale.ROOT));
        }
        ObjectNode summary = JsonNodeFactory.instance.objectNode();
        summary.put("lines", root.path("lines").size());
        summary.put("total", root.path("total").decimalValue());
        summary.put("big", new BigInteger("123456789012345678901234567890").add(BigInteger.valueOf(root.path("id").asLong())));
        summary.putNull("nothing");
        summary.set("tags", root.path("tags").deepCopy());
        edited.set("summary", summary);
        edited.remove("signature");
        Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
        StringBuilder names = new StringBuilder();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            names.append(e.getKey()).append(':').append(e.getValue().getNodeType()).append(';');
        }
        edited.put("fieldTypes", names.toString());
        return mapper.writeValueAsString(edited);
    }

    private static int count(JsonNode node) {
        int n = 1;
        for (JsonNode child : node) {
            n += count(child);
        }
        return n;
    }

    /** Writes a document token by token: numbers of every width, escaped strings, nested arrays, raw bytes. */
    public static byte[] generate(JsonFactory factory, long seed) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("seed", seed);
            g.writeStringField("text", "line " + seed + "\n\"quoted\" \u00e9\u4e2d\uD83D\uDE00");
            g.writeFieldName("numbers");
            g.writeStartArray();
            g.writeNumber((short) seed);
            g.writeNumber((int) (seed * 2_654_435_761L));
            g.writeNumber(seed * 0x9E3779B97F4A7C15L);
            g.writeNumber(seed / 7.0);
            g.writeNumber((float) seed / 3f);
            g.writeNumber(new BigDecimal("3.14159265358979323846264338327950288").add(BigDecimal.valueOf(seed)));
            g.writeNumber(BigInteger.TWO.pow(100 + (int) (seed % 50)));
            g.writeEndArray();
            g.writeFieldName("matrix");
            g.writeStartArray();
            for (int i = 0; i < 1 + seed % 5; i++) {
                g.writeStartArray();
                for (int k = 0; k <= i; k++) {
                    g.writeNumber(i * k);
                }
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeBinaryField("bytes", new byte[]{(byte) seed, 0, -1, 42});
            g.writeBooleanField("odd", seed % 2 == 1);
            g.writeNullField("none");
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    /** Reads any document token by token; returns one line per token with its text. */
    public static String tokens(JsonFactory factory, byte[] json) throws IOException {
        StringBuilder b = new StringBuilder();
        try (JsonParser p = factory.createParser(json)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                b.append(t.name());
                switch (t) {
                    case FIELD_NAME, VALUE_STRING -> b.append(' ').append(p.getText());
                    case VALUE_NUMBER_INT -> b.append(' ').append(p.getNumberType()).append(' ').append(p.getBigIntegerValue());
                    case VALUE_NUMBER_FLOAT -> b.append(' ').append(p.getDecimalValue().toPlainString());
                    default -> {
                    }
                }
                b.append('\n');
            }
        }
        return b.toString();
    }
}
