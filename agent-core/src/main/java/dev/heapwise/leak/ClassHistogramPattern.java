package dev.heapwise.leak;

import dev.heapwise.util.Units;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * class-growth: live bytes per class from periodic class histograms ({@code GC.class_histogram}, which
 * runs a full collection: measured 0.3-0.5 s per 500 MB live, hence a long default interval and off in
 * prod). A class whose instance bytes grow across {@code classGrowthHistograms} consecutive histograms,
 * by at least {@code classGrowthMinBytes}, is a suspect: the type that leaks, even where no
 * instrumented site allocates it.
 */
public final class ClassHistogramPattern implements LeakPattern {
    public static final String NAME = "class-growth";
    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");
    /** Classes read from each histogram: the heaviest; a leaking class soon joins them. */
    private static final int TOP = 200;
    private static final int MAX_CLASSES = 256;
    private static final int POINTS = 64;

    private final long intervalMs;
    private final Callable<String> histogram;
    private final int histograms;
    private final long minBytes;
    private final KeyedSeries<String> bytes = new KeyedSeries<>(MAX_CLASSES, POINTS);
    private final Map<String, Long> instances = new HashMap<>();
    private long taken;
    private double lastMillis;

    /** @param intervalMs 0 when off; {@code histogram} returns the text of one class histogram */
    public ClassHistogramPattern(long intervalMs, Callable<String> histogram, int histograms, long minBytes) {
        this.intervalMs = intervalMs;
        this.histogram = histogram;
        this.histograms = histograms;
        this.minBytes = minBytes;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean enabled() {
        return intervalMs > 0;
    }

    public long intervalMs() {
        return intervalMs;
    }

    @Override
    public synchronized Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("interval_ms", intervalMs);
        m.put("consecutive_histograms", histograms);
        m.put("min_growth_bytes", minBytes);
        m.put("histograms_taken", taken);
        m.put("last_histogram_ms", Units.round3(lastMillis));
        return m;
    }

    /** Takes one histogram (on the agent's scheduler, every {@code classHistogramInterval}). */
    public void takeHistogram(long nowMs) throws Exception {
        long t0 = System.nanoTime();
        String text = histogram.call();
        double ms = (System.nanoTime() - t0) / 1e6;
        Map<String, long[]> rows = parse(text);
        List<Map.Entry<String, long[]>> sorted = new ArrayList<>(rows.entrySet());
        sorted.sort((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]));
        Map<String, Double> values = new HashMap<>();
        Map<String, Long> counts = new HashMap<>();
        for (int i = 0; i < sorted.size() && i < TOP; i++) {
            values.put(sorted.get(i).getKey(), (double) sorted.get(i).getValue()[1]);
            counts.put(sorted.get(i).getKey(), sorted.get(i).getValue()[0]);
        }
        synchronized (this) {
            bytes.record(nowMs, values, TOP);
            instances.clear();
            instances.putAll(counts);
            taken++;
            lastMillis = ms;
        }
    }

    /** Class name to {instances, bytes}, from the histogram's rows. */
    static Map<String, long[]> parse(String text) {
        Map<String, long[]> out = new HashMap<>();
        for (String line : text.split("\n")) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                out.merge(m.group(3), new long[]{Long.parseLong(m.group(1)), Long.parseLong(m.group(2))},
                        (a, b) -> new long[]{a[0] + b[0], a[1] + b[1]});
            }
        }
        return out;
    }

    @Override
    public synchronized List<Finding> detect(long nowMs) {
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<String, Series> e : bytes.all().entrySet()) {
            List<Point> points = e.getValue().points(nowMs, Long.MAX_VALUE);
            int n = points.size();
            if (n < histograms + 1) {
                continue;
            }
            boolean rising = true;
            for (int i = n - histograms; i < n; i++) {
                rising &= points.get(i).value() > points.get(i - 1).value();
            }
            Point from = points.get(n - histograms - 1);
            Point to = points.get(n - 1);
            double growth = to.value() - from.value();
            if (!rising || growth < minBytes || to.timeMs() <= from.timeMs()) {
                continue;
            }
            double perMinute = growth / ((to.timeMs() - from.timeMs()) / 60_000.0);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("class", e.getKey());
            details.put("instances", instances.get(e.getKey()));
            details.put("bytes", Math.round(to.value()));
            details.put("growth_bytes", Math.round(growth));
            details.put("histograms", histograms + 1);
            String summary = String.format("instances of %s grew in each of the last %d class histograms: %s/min, %s live now",
                    e.getKey(), histograms, Units.bytes(Math.round(perMinute)), Units.bytes(Math.round(to.value())));
            // a sign test: the chance of that many rises in a row by accident
            double confidence = 1 - Math.pow(0.5, histograms);
            out.add(new Finding(NAME, e.getKey(), "class", Severity.MEDIUM, confidence, perMinute, to.value(), "bytes",
                    summary, details, points.subList(Math.max(0, n - 2 * histograms), n)));
        }
        return out;
    }
}
