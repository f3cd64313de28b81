package dev.heapwise.leak;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class GaugePatternsTest {
    @Test
    void threadNamesFoldTheirCounters() {
        assertThat(ThreadGrowthPattern.group("leaky-worker-17")).isEqualTo("leaky-worker-#");
        assertThat(ThreadGrowthPattern.group(null)).isEqualTo("(unnamed)");
    }

    private static String histogram(long leakyBytes) {
        return " num     #instances         #bytes  class name (module)\n"
                + "-------------------------------------------------------\n"
                + "   1:         10000        5000000  [B (java.base@17.0.15)\n"
                + "   2:          " + leakyBytes / 32 + "        " + leakyBytes + "  com.acme.Listener\n"
                + "   3:           200          64000  java.lang.String (java.base@17.0.15)\n"
                + "Total         20000       10000000\n";
    }

    @Test
    void aClassThatGrowsInEveryHistogramIsNamedAndASteadyOneIsNot() throws Exception {
        AtomicLong leaky = new AtomicLong(1 << 20);
        ClassHistogramPattern p = new ClassHistogramPattern(60_000, () -> histogram(leaky.get()), 3, 8L << 20);
        for (int i = 0; i < 4; i++) {
            p.takeHistogram(i * 60_000L);
            leaky.addAndGet(4L << 20);
        }
        List<Finding> found = p.detect(4 * 60_000L);
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.culprit()).isEqualTo("com.acme.Listener");
            assertThat(f.rate()).isEqualTo(4 << 20);
        });
    }

    @Test
    void histogramRowsAreReadWithAndWithoutModules() {
        assertThat(ClassHistogramPattern.parse(histogram(3200))).containsKeys("[B", "com.acme.Listener", "java.lang.String")
                .hasSize(3);
        assertThat(ClassHistogramPattern.parse(histogram(3200)).get("com.acme.Listener")).containsExactly(100, 3200);
    }
}
