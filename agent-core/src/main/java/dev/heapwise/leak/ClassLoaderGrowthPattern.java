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
 * classloader-growth: class loaders kept alive (a redeployed application, a plugin or script engine
 * per request): the live instances of a loader type keep rising, counted from the classes the JVM holds
 * ({@code Instrumentation.getAllLoadedClasses}: each loader that defined a class), with no reference to
 * any loader kept between readings; or, with no loader type to blame, loaded classes keep rising by
 * more than {@code classLoaderGrowthMinClasses} (classes generated into existing loaders). An
 * application's own lazy loading, which can go on for minutes after start, is neither: it names no
 * growing loader type and levels off.
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
                                    Instrumentation instrumentation, GrowthRule rule, GrowthRule loaderRule) {
        this.enabled = enabled;
        this.classes = classes;
        this.metaspace = metaspace;
        this.instrumentation = instrumentation;
        this.rule = rule;
        this.loaderRule = loaderRule;
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
        m.put("loader_types", loaderRule.describe("loaders"));
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
        List<Map<String, Object>> growing = new ArrayList<>();
        String culprit = null;
        Trend fastest = null;
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
            if (fastest == null || lt.slopePerMinute() > fastest.slopePerMinute()) {
                fastest = lt;
                culprit = e.getKey();
            }
        }
        Trend classesTrend = loaded.trend(nowMs, rule.windowMs(), rule.confidence());
        Trend t = culprit != null ? fastest : rule.judge(loaded, nowMs);
        if (t == null) {
            return List.of();
        }
        Trend mt = metaspaceUsed.trend(nowMs, rule.windowMs(), rule.confidence());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("loaded_classes", Math.round(loaded.lastValue()));
        details.put("loaded_classes_per_minute", classesTrend == null ? null : Math.round(classesTrend.slopePerMinute()));
        details.put("unloaded_classes_total", unloaded);
        details.put("metaspace_used_bytes", metaspaceUsed.size() == 0 ? null : Math.round(metaspaceUsed.lastValue()));
        details.put("metaspace_bytes_per_minute", mt == null ? null : Math.round(mt.slopePerMinute()));
        details.put("growing_loader_types", growing);
        details.put("trend", t.describe());
        String summary = culprit != null
                ? String.format("live %s instances keep growing: %.1f a minute, %d now; %d classes loaded, %d ever unloaded",
                culprit, t.slopePerMinute(), latestLoaders.getOrDefault(culprit, 0), Math.round(loaded.lastValue()), unloaded)
                : String.format("loaded classes keep rising: %.0f a minute, %d now, %d ever unloaded; no loader type grows"
                + " (classes generated into existing loaders)", t.slopePerMinute(), Math.round(loaded.lastValue()), unloaded);
        Series evidence = culprit != null ? loaderTypes.all().get(culprit) : loaded;
        return List.of(new Finding(NAME, culprit == null ? "classes" : culprit, culprit == null ? "classes" : "class_loader_type",
                Severity.MEDIUM, t.confidence(), t.slopePerMinute(), culprit != null ? latestLoaders.getOrDefault(culprit, 0)
                : loaded.lastValue(), culprit != null ? "loaders" : "classes", summary, details, evidence.points(nowMs, rule.windowMs())));
    }
}
