package dev.heapwise.bootstrap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a tracked method's entry and exit hand the sink, for each thing the sink can say on entry. */
class MethodBridgeTest {
    /** A sink whose thread counter reads the values given, one per call, and which records what it is told. */
    private static class RecordingSink implements MethodSink {
        private final long[] counter;
        private int reads;
        final List<String> told = new ArrayList<>();

        RecordingSink(long... counter) {
            this.counter = counter;
        }

        @Override
        public long allocatedBytes() {
            return counter[reads++];
        }

        @Override
        public void exited(int method, long bytes) {
            told.add("exited " + method + " " + bytes);
        }

        @Override
        public void unmeasured(int method) {
            told.add("unmeasured " + method);
        }
    }

    @AfterEach
    void removeSink() {
        MethodBridge.sink(null);
    }

    private static List<String> invoke(RecordingSink sink) {
        MethodBridge.sink(sink);
        MethodBridge.exit(7, MethodBridge.enter());
        return sink.told;
    }

    @Test
    void aCountingThreadReportsTheBytesBetweenEntryAndExit() {
        assertThat(invoke(new RecordingSink(1_000, 5_096))).containsExactly("exited 7 4096");
    }

    @Test
    void aThreadThatHasAllocatedNothingYetIsMeasuredToo() {
        assertThat(invoke(new RecordingSink(0, 500))).containsExactly("exited 7 500");
    }

    @Test
    void aThreadTheJvmDoesNotCountReportsTheInvocationUnmeasured() {
        assertThat(invoke(new RecordingSink(MethodSink.UNKNOWN))).containsExactly("unmeasured 7");
    }

    @Test
    void aCountTheSinkTookBelowZeroReportsNothingEvenAtMinusOne() {
        assertThat(invoke(new RecordingSink(-1, 0))).isEmpty();
        assertThat(invoke(new RecordingSink(-300, 0))).isEmpty();
    }

    @Test
    void anEntryThatFailedInTheAdviceReportsNothing() {
        // the advice suppresses a failure of enter() and hands exit() the default long: 0
        RecordingSink sink = new RecordingSink(1L << 40);
        MethodBridge.sink(sink);
        MethodBridge.exit(7, 0);
        assertThat(sink.told).isEmpty();
    }

    @Test
    void aSinkThatThrowsOnEntryReportsNothingAndNeverReachesTheMethod() {
        RecordingSink throwing = new RecordingSink() {
            @Override
            public long allocatedBytes() {
                throw new IllegalStateException("broken");
            }
        };
        assertThat(invoke(throwing)).isEmpty();
    }

    @Test
    void aSinkThatThrowsOnExitNeverReachesTheMethod() {
        RecordingSink throwing = new RecordingSink(MethodSink.UNKNOWN) {
            @Override
            public void unmeasured(int method) {
                throw new OutOfMemoryError("no heap for the count");
            }
        };
        assertThat(invoke(throwing)).isEmpty();
    }

    @Test
    void withNoSinkNothingIsReported() {
        RecordingSink late = new RecordingSink(0, 10);
        long start = MethodBridge.enter();
        MethodBridge.sink(late);
        MethodBridge.exit(7, start);
        assertThat(late.told).isEmpty();
    }
}
