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
    }
}
