package dev.heapwise.metrics;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

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
    private enum Type { GAUGE, COUNTER }

    private record Family(Type type, String help, Map<Labels, Double> points) {
    }

    private final Map<String, Family> families = new LinkedHashMap<>();

    /** A value that can go up and down. {@code labels} are name, value pairs. */
    void gauge(String name, String help, Number value, String... labels) {
        add(Type.GAUGE, name, help, value, labels);
    }

    /** A total that only grows while the JVM runs; {@code name} without the {@code _total} the format adds. */
    void counter(String name, String help, Number value, String... labels) {
        add(Type.COUNTER, name, help, value, labels);
    }

    private void add(Type type, String name, String help, Number value, String... labels) {
        Family f = families.computeIfAbsent(name, n -> new Family(type, help, new LinkedHashMap<>()));
        if (f.type() != type) {
            throw new IllegalStateException(name + " is declared as a " + f.type() + " and used as a " + type);
        }
        if (value == null || Double.isNaN(value.doubleValue()) || (type == Type.COUNTER && value.doubleValue() < 0)) {
            return;
        }
        f.points().putIfAbsent(Labels.of(labels), value.doubleValue());
    }

    MetricSnapshots build() {
        List<MetricSnapshot> out = new ArrayList<>();
        families.forEach((name, f) -> {
            if (f.points().isEmpty()) {
                return;
            }
            if (f.type() == Type.GAUGE) {
                GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(f.help());
                f.points().forEach((labels, v) ->
                        b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(v).build()));
                out.add(b.build());
            } else {
                CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(f.help());
                f.points().forEach((labels, v) ->
                        b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels).value(v).build()));
                out.add(b.build());
            }
        });
        return new MetricSnapshots(out);
    }
}
