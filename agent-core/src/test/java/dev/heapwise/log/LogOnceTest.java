package dev.heapwise.log;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/** Once per key, and never a throw: the failure reported is often an OutOfMemoryError, and so may the line be. */
class LogOnceTest {
    @Test
    void aLineThatCannotBeWrittenThrowsNothingAndIsTriedAgain() {
        Logger log = mock(Logger.class);
        doThrow(new OutOfMemoryError("no heap for the line")).doNothing().when(log).warn(anyString(), any(Throwable.class));
        LogOnce once = new LogOnce();
        Throwable failure = new OutOfMemoryError("Java heap space");

        assertThat(once.warn(log, "task", "the periodic task failed", failure)).isFalse();
        assertThat(once.warn(log, "task", "the periodic task failed", failure)).as("tried again, written").isTrue();
        assertThat(once.warn(log, "task", "the periodic task failed", failure)).as("then quiet").isFalse();
        verify(log, times(2)).warn("the periodic task failed (further failures of this kind are not logged)", failure);
    }
}
