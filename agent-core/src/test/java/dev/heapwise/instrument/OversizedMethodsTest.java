package dev.heapwise.instrument;

import net.bytebuddy.jar.asm.MethodTooLargeException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A method that outgrows the code limit once rewritten is recorded (not counted as a failed class) the
 * first time, so the class is transformed again without it; the same failure again is a real failure.
 * The whole path, through the JVM's class loading, is OversizedMethodIT.
 */
class OversizedMethodsTest {
    @Test
    void aNewOversizedMethodIsRecordedOnceThenLeftAlone() {
        OversizedMethods oversized = new OversizedMethods();
        TransformFailures listener = new TransformFailures(oversized);
        MethodTooLargeException tooLarge = new MethodTooLargeException("com/acme/Parser", "table", "()V", 70_000);

        listener.onError("com.acme.Parser", null, null, false, tooLarge);
        assertThat(listener.failed()).isZero();
        assertThat(listener.oversizedMethods()).isEqualTo(1);
        assertThat(oversized.skips("com.acme.Parser", "table", "()V")).isTrue();
        assertThat(oversized.skips("com.acme.Parser", "table", "(I)V")).as("another overload").isFalse();
        assertThat(oversized.skips("com.acme.Lexer", "table", "()V")).isFalse();

        // Left alone and still too large: the rewrite was not the cause, so the class fails as before.
        listener.onError("com.acme.Parser", null, null, false, tooLarge);
        assertThat(listener.failed()).isEqualTo(1);
        assertThat(listener.oversizedMethods()).isEqualTo(1);
    }

    @Test
    void boundedWhateverTheApplicationLoads() {
        OversizedMethods oversized = new OversizedMethods();
        for (int i = 0; i < OversizedMethods.MAX_METHODS + 10; i++) {
            oversized.record("com.acme.Gen" + i, "m", "()V");
        }
        assertThat(oversized.count()).isEqualTo(OversizedMethods.MAX_METHODS);
        assertThat(oversized.record("com.acme.Other", "m", "()V")).isFalse();
    }
}
