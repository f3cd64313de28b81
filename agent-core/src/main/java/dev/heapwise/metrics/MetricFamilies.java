package dev.heapwise.metrics;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot.SummaryDataPointSnapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects one scrape's values by family and turns them into the Prometheus model, which the official
 * writer then formats. A family is declared by its first value; a second value with the same labels is
 * dropped (the model refuses duplicates, and a scrape must never fail for one), and a missing figure
 * (null) is left out rather than written as 0.
 */
final class MetricFamilies {
    private enum Type { GAUGE, COUNTER, SUMMARY }

    private record Family(Type type, String help, Map<Labels, DataPointSnapshot> points) {
    }

    private final Map<String, Family> families = new LinkedHashMap<>();

    /** A value that can go up and down. {@code labels} are name, value pairs. */
    void gauge(String name, String help, Number value, String... labels) {
        if (usable(value)) {
            add(Type.GAUGE, name, help, labels, GaugeDataPointSnapshot.builder().labels(Labels.of(labels))
                    .value(value.doubleValue()).build());
        } else {
            add(Type.GAUGE, name, help, labels, null);
        }
    }

    /** A total that only grows while the JVM runs; {@code name} without the {@code _total} the format adds. */
    void counter(String name, String help, Number value, String... labels) {
        if (usable(value) && value.doubleValue() >= 0) {
            add(Type.COUNTER, name, help, labels, CounterDataPointSnapshot.builder().labels(Labels.of(labels))
                    .value(value.doubleValue()).build());
        } else {
            add(Type.COUNTER, name, help, labels, null);
        }
    }

    /**
     * A summary: {@code count} and {@code sum} since start, and quantiles ({@code {quantile, value}} pairs, a
     * null value left out) over whatever window the source keeps, as Prometheus's own clients report them.
     */
    void summary(String name, String help, long count, double sum, Double[][] quantiles, String... labels) {
        List<Quantile> qs = new ArrayList<>();
        for (Double[] q : quantiles) {
            if (usable(q[1])) {
                qs.add(new Quantile(q[0], q[1]));
            }
        }
        add(Type.SUMMARY, name, help, labels, SummaryDataPointSnapshot.builder().labels(Labels.of(labels))
                .count(count).sum(sum).quantiles(Quantiles.of(qs)).build());
    }

    private static boolean usable(Number value) {
        return value != null && !Double.isNaN(value.doubleValue());
    }

    private void add(Type type, String name, String help, String[] labels, DataPointSnapshot point) {
        Family f = families.computeIfAbsent(name, n -> new Family(type, help, new LinkedHashMap<>()));
        if (f.type() != type) {
            throw new IllegalStateException(name + " is declared as a " + f.type() + " and used as a " + type);
        }
        if (point != null) {
            f.points().putIfAbsent(point.getLabels(), point);
        }
    }

    @SuppressWarnings("unchecked")
    MetricSnapshots build() {
        List<MetricSnapshot> out = new ArrayList<>();
        families.forEach((name, f) -> {
            if (f.points().isEmpty()) {
                return;
            }
            MetricMetadata meta = new MetricMetadata(name, f.help());
            List<? extends DataPointSnapshot> points = new ArrayList<>(f.points().values());
            out.add(switch (f.type()) {
                case GAUGE -> new GaugeSnapshot(meta, (List<GaugeDataPointSnapshot>) points);
                case COUNTER -> new CounterSnapshot(meta, (List<CounterDataPointSnapshot>) points);
                case SUMMARY -> new SummarySnapshot(meta, (List<SummaryDataPointSnapshot>) points);
            });
        });
        return new MetricSnapshots(out);
    }
}
