package dev.heapwise.http;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class JsonBodyTest {
    private static ApiException rejected(String body) {
        return catchThrowableOfType(() -> JsonBody.parse(body.getBytes(StandardCharsets.UTF_8), "mode"), ApiException.class);
    }

    @Test
    void malformedBodiesAreDescribedWithAPlaceAndWithoutTheParsersInternals() {
        String deep = "{\"mode\":" + "[".repeat(1200) + "]".repeat(1200) + "}";
        for (String body : new String[]{"{\"mode\":\"advise\"}{\"a\":1}", "{\"mode\":\"advise\"", "{\"mode\": NaN}",
                "{\"mode\":1,\"mode\":2}", "{mode:1}", "{\"mode\": 1 /* a comment */}", "// a comment\n{}", deep}) {
            ApiException e = rejected(body);
            assertThat(e.status()).as(body).isEqualTo(400);
            assertThat(e.getMessage()).as(body).startsWith("the body is")
                    .doesNotContain("`", "jackson", "Source", "Feature", "REDACTED", "\n");
        }
        assertThat(rejected("{\"mode\":\"advise\"}{\"a\":1}").getMessage())
                .isEqualTo("the body is not valid JSON (at line 1, column 18: more content after the JSON value)");
        assertThat(rejected("{\"mode\": NaN}").getMessage()).contains("line 1").contains("'NaN'");
        assertThat(rejected("{\"mode\":1,\"mode\":2}").getMessage()).contains("Duplicate field 'mode'");
        assertThat(rejected(deep).getMessage()).contains("nested too deeply");
        assertThat(rejected("{\"mode\": 1 /* a comment */}").getMessage()).contains("comment").doesNotContain("ALLOW_COMMENTS");
    }
}
