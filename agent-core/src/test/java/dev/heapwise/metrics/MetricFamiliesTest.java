package dev.heapwise.metrics;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetricFamiliesTest {

    private static String text(MetricFamilies m) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, m.build(), EscapingScheme.UNDERSCORE_ESCAPING);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void gaugesAndCountersAreWrittenWithHelpTypeAndEscapedLabels() throws Exception {
        MetricFamilies m = new MetricFamilies();
        m.gauge("x_bytes", "Some bytes.", 42, "pool", "G1 \"Old\" Gen\\n");
        m.counter("x_events", "Events.", 7);
        String t = text(m);
        assertThat(t).contains("# HELP x_bytes Some bytes.", "# TYPE x_bytes gauge", "# TYPE x_events_total counter",
                "x_events_total 7.0");
        assertThat(t).contains("x_bytes{pool=\"G1 \\\"Old\\\" Gen\\\\n\"} 42.0");
    }

    @Test
    void aMissingFigureIsLeftOutAndAFamilyWithNoPointsIsNotWritten() throws Exception {
        MetricFamilies m = new MetricFamilies();
        m.gauge("a", "A.", null);
        m.gauge("b", "B.", Double.NaN);
        m.counter("c", "C.", -1);
        m.gauge("d", "D.", 1);
        String t = text(m);
        assertThat(t).doesNotContain("# TYPE a ", "# TYPE b ", "# TYPE c ").contains("d 1.0");
    }

    @Test
    void aSecondPointWithTheSameLabelsIsDroppedNotAFailedScrape() throws Exception {
        MetricFamilies m = new MetricFamilies();
        m.gauge("leak", "L.", 1, "culprit", "x");
        m.gauge("leak", "L.", 2, "culprit", "x");
        m.gauge("leak", "L.", 3, "culprit", "y");
        assertThat(text(m)).contains("leak{culprit=\"x\"} 1.0", "leak{culprit=\"y\"} 3.0").doesNotContain("2.0");
    }

    @Test
    void aSummaryHasItsQuantilesCountAndSumAndLeavesOutAnUnknownQuantile() throws Exception {
        MetricFamilies m = new MetricFamilies();
        m.summary("p_seconds", "P.", 12, 0.5, new Double[][] {{0.5, 0.01}, {0.99, null}, {1.0, 0.2}});
        assertThat(text(m)).contains("# TYPE p_seconds summary", "p_seconds{quantile=\"0.5\"} 0.01",
                "p_seconds{quantile=\"1.0\"} 0.2", "p_seconds_count 12", "p_seconds_sum 0.5").doesNotContain("0.99");
    }

    @Test
    void oneNameCannotBeBothAGaugeAndACounter() {
        MetricFamilies m = new MetricFamilies();
        m.gauge("z", "Z.", 1);
        assertThatThrownBy(() -> m.counter("z", "Z.", 1)).isInstanceOf(IllegalStateException.class);
    }
}
