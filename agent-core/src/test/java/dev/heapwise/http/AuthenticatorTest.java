package dev.heapwise.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AuthenticatorTest {
    @Test
    void postAlwaysNeedsTheTokenGetOnlyOffLoopback() {
        Authenticator loop = new Authenticator("t", false);
        assertThat(loop.required("GET")).isFalse();
        assertThat(loop.required("POST")).isTrue();
        assertThat(loop.required("DELETE")).isTrue();
        assertThat(new Authenticator("t", true).required("GET")).isTrue();
    }

    @Test
    void acceptsOnlyTheExactBearerToken() {
        Authenticator a = new Authenticator("s3cret", false);
        assertThat(a.accepts("Bearer s3cret")).isTrue();
        assertThat(a.accepts("bearer  s3cret ")).isTrue();
        assertThat(a.accepts("Bearer s3cre")).isFalse();
        assertThat(a.accepts("Bearer s3crett")).isFalse();
        assertThat(a.accepts("s3cret")).isFalse();
        assertThat(a.accepts(null)).isFalse();
        assertThat(a.accepts("")).isFalse();
        assertThat(a.accepts("Bearer s3cret\t")).isTrue(); // HTTP's optional white space around a value: spaces and tabs
        for (String controlled : new String[]{"Bearer s3cret\u0000", "Bearer s3cret\u0001", "Bearer \u001fs3cret\u000b",
                "\u0000Bearer s3cret"}) {
            assertThat(a.accepts(controlled)).as("%s", controlled.chars().boxed().toList()).isFalse();
        }
        assertThat(a.required("HEAD")).as("HEAD is GET without a body").isFalse();
    }
}
