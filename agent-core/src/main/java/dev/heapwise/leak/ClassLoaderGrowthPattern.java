package dev.heapwise.leak;

import java.lang.instrument.Instrumentation;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * classloader-growth: loaded classes (and metaspace) keep rising while unloading does not keep up: the
 * shape of class loaders kept alive (a redeployed application, a plugin or script engine per request,
 * generated proxies). Names the loader types whose live instances grow, counted from the classes the
 * JVM holds ({@code Instrumentation.getAllLoadedClasses}: each loader that defined a class), without
 * keeping a reference to any loader between readings.
 */
public final class ClassLoaderGrowthPattern implements LeakPattern {
    public static final String NAME = "classloader-growth";
    private static final int MAX_TYPES = 64;
    private static final int POINTS = 512;

    private final boolean enabled;
    private final ClassLoadingMXBean classes;
    private final MemoryPoolMXBean metaspace;
    private final Instrumentation instrumentation;
    private final GrowthRule rule;
    private final Series loaded = new Series(POINTS);
    private final Series metaspaceUsed = new Series(POINTS);
    private final KeyedSeries<String> loaderTypes = new KeyedSeries<>(MAX_TYPES, POINTS);
    private final GrowthRule loaderRule;
    private long unloaded;
    private Map<String, Integer> latestLoaders = Map.of();

    /**
     * @param metaspace       the Metaspace pool, or null where there is none
     * @param instrumentation to count loaders by type, or null (the culprit is then not named)
     */
    public ClassLoaderGrowthPattern(boolean enabled, ClassLoadingMXBean classes, MemoryPoolMXBean metaspace,
                                    Instrumentation instrumentation, GrowthRule rule) {
        this.enabled = enabled;
        this.classes = classes;
        this.metaspace = metaspace;
        this.instrumentation = instrumentation;
        this.rule = rule;
        // a loader type is named when its own count rises with the same confidence, by any amount
        this.loaderRule = new GrowthRule(rule.windowMs(), rule.minSpanMs(), rule.minPoints(), rule.confidence(), 0, 1);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean enabled() {
        return enabled;
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = rule.describe("classes");
        m.put("names_loader_types", instrumentation != null);
        return m;
    }

    @Override
    public void sample(long nowMs) {
        int count = classes.getLoadedClassCount();
        long unloadedNow = classes.getUnloadedClassCount();
        Long meta = metaspace == null ? null : metaspace.getUsage().getUsed();
        Map<String, Integer> byType = instrumentation == null ? Map.of() : loadersByType(instrumentation);
        Map<String, Double> values = new HashMap<>();
        byType.forEach((k, v) -> values.put(k, (double) v));
        synchronized (this) {
            loaded.add(nowMs, count);
            if (meta != null) {
                metaspaceUsed.add(nowMs, meta);
            }
            unloaded = unloadedNow;
            loaderTypes.record(nowMs, values, MAX_TYPES);
            latestLoaders = byType;
        }
    }

    /** Live loaders per type, each loader counted once (by identity), none kept past this call. */
    static Map<String, Integer> loadersByType(Instrumentation inst) {
        IdentityHashMap<ClassLoader, Boolean> seen = new IdentityHashMap<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            ClassLoader l = c.getClassLoader();
            if (l != null) {
                seen.put(l, Boolean.TRUE);
            }
        }
        Map<String, Integer> byType = new HashMap<>();
        for (ClassLoader l : seen.keySet()) {
            byType.merge(l.getClass().getName(), 1, Integer::sum);
        }
        return byType;
    }

    @Override
    public synchronized List<Finding> detect(long nowMs) {
        Trend t = rule.judge(loaded, nowMs);
        if (t == null) {
            return List.of();
        }
        List<Map<String, Object>> growing = new ArrayList<>();
        String culprit = null;
        double fastest = 0;
        for (Map.Entry<String, Series> e : loaderTypes.all().entrySet()) {
            Trend lt = loaderRule.judge(e.getValue(), nowMs);
            if (lt == null) {
                continue;
            }
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("loader_type", e.getKey());
            g.put("instances", latestLoaders.getOrDefault(e.getKey(), 0));
            g.put("per_minute", Math.round(lt.slopePerMinute() * 100) / 100.0);
            growing.add(g);
            if (lt.slopePerMinute() > fastest) {
                fastest = lt.slopePerMinute();
                culprit = e.getKey();
            }
        }
        Trend mt = metaspaceUsed.trend(nowMs, rule.windowMs(), rule.confidence());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("loaded_classes", Math.round(loaded.lastValue()));
        details.put("unloaded_classes_total", unloaded);
        details.put("metaspace_used_bytes", metaspaceUsed.size() == 0 ? null : Math.round(metaspaceUsed.lastValue()));
        details.put("metaspace_bytes_per_minute", mt == null ? null : Math.round(mt.slopePerMinute()));
        details.put("growing_loader_types", growing);
        details.put("trend", t.describe());
        String who = culprit == null ? (instrumentation == null ? "loader types unknown (no Instrumentation)"
                : "no single loader type grows") : culprit + " instances grow " + String.format("%.1f", fastest) + "/min";
        String summary = String.format("loaded classes keep rising: %.0f a minute, %d now, %d ever unloaded; %s",
                t.slopePerMinute(), Math.round(loaded.lastValue()), unloaded, who);
        return List.of(new Finding(NAME, culprit == null ? "classes" : culprit, culprit == null ? "classes" : "class_loader_type",
                Severity.MEDIUM, t.confidence(), t.slopePerMinute(), loaded.lastValue(), "classes", summary, details,
                loaded.points(nowMs, rule.windowMs())));
    }
}
