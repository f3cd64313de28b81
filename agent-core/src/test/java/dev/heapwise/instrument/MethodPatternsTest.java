package dev.heapwise.instrument;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MethodPatternsTest {
    private static final String HANDLER = "(Lcom/sun/net/httpserver/HttpExchange;)V";

    @Test
    void aPatternIsAClassPatternAndAMethodPatternJoinedByTheLastDot() {
        MethodPatterns p = new MethodPatterns("com.acme.web.*Handler.handle; com.acme.Service.load*", false);
        assertThat(p.tracks("com.acme.web.OrderHandler", "handle", "()V")).isTrue();
        assertThat(p.tracks("com.acme.web.admin.UserHandler", "handle", "(I)V")).isTrue();
        assertThat(p.tracks("com.acme.web.OrderHandler", "handleAll", "()V")).isFalse();
        assertThat(p.tracks("com.acme.Service", "loadAll", "()V")).isTrue();
        assertThat(p.tracks("com.acme.ServiceImpl", "loadAll", "()V")).isFalse();
        assertThat(p.mayTrackIn("com.acme.web.OrderHandler")).isTrue();
        assertThat(p.mayTrackIn("com.other.Thing")).isFalse();
        assertThat(p.rejected()).isEmpty();
    }

    @Test
    void httpServerHandlersAndTheirLambdasAreTrackedByShape() {
        MethodPatterns p = new MethodPatterns(null, true);
        assertThat(p.isEmpty()).isFalse();
        assertThat(p.mayTrackIn("any.Class")).isTrue();
        assertThat(p.tracks("any.Handler", "handle", HANDLER)).isTrue();
        assertThat(p.tracks("any.Main", "lambda$main$0", HANDLER)).isTrue();
        assertThat(p.tracks("any.Handler", "handle", "(Ljava/lang/Object;)V")).isFalse();
        assertThat(p.tracks("any.Handler", "process", HANDLER)).isFalse();
        assertThat(new MethodPatterns(null, false).tracks("any.Handler", "handle", HANDLER)).isFalse();
        assertThat(new MethodPatterns("", false).isEmpty()).isTrue();
    }

    @Test
    void aPatternWithoutAMethodIsRejectedAndTheRestKept() {
        MethodPatterns p = new MethodPatterns("justAClass;com.acme.A.run;trailing.", false);
        assertThat(p.rejected()).containsExactly("justAClass", "trailing.");
        assertThat(p.tracks("com.acme.A", "run", "()V")).isTrue();
    }
}
