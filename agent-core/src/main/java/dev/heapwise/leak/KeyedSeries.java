package dev.heapwise.leak;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One series per key (a site, a thread group, a loader type, a class), bounded: at most {@code maxKeys}
 * are followed. Each reading adds a point to every followed key (zero when the key is absent: it has
 * gone) and admits the heaviest newcomers, dropping the followed key with the lowest latest value when
 * full. Not thread-safe: the owning pattern guards it.
 */
final class KeyedSeries<K> {
    private final int maxKeys;
    private final int pointsPerKey;
    private final Map<K, Series> series = new HashMap<>();

    KeyedSeries(int maxKeys, int pointsPerKey) {
        this.maxKeys = maxKeys;
        this.pointsPerKey = pointsPerKey;
    }

    /** One reading of every key's value; at most {@code admitTop} of the heaviest may start a new series. */
    void record(long nowMs, Map<K, Double> values, int admitTop) {
        List<Map.Entry<K, Double>> heaviest = new ArrayList<>(values.entrySet());
        heaviest.sort(Map.Entry.<K, Double>comparingByValue(Comparator.reverseOrder()));
        for (int i = 0; i < heaviest.size() && i < admitTop; i++) {
            K key = heaviest.get(i).getKey();
            if (series.containsKey(key)) {
                continue;
            }
            if (series.size() >= maxKeys && !dropLightestBelow(heaviest.get(i).getValue())) {
                break;
            }
            series.put(key, new Series(pointsPerKey));
        }
        for (Map.Entry<K, Series> e : series.entrySet()) {
            Double v = values.get(e.getKey());
            e.getValue().add(nowMs, v == null ? 0 : v);
        }
    }

    /** Drops the followed key with the lowest latest value if it is below {@code value}; false if none is. */
    private boolean dropLightestBelow(double value) {
        K lightest = null;
        double least = value;
        for (Map.Entry<K, Series> e : series.entrySet()) {
            if (e.getValue().lastValue() < least) {
                least = e.getValue().lastValue();
                lightest = e.getKey();
            }
        }
        if (lightest == null) {
            return false;
        }
        series.remove(lightest);
        return true;
    }

    void clear() {
        series.clear();
    }

    Map<K, Series> all() {
        return series;
    }

    int size() {
        return series.size();
    }
}
