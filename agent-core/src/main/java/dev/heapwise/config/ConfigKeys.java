package dev.heapwise.config;

import dev.heapwise.log.LogLevel;
import dev.heapwise.tuner.TunerMode;
import dev.heapwise.alert.AlertRule;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Every configuration key the agent knows, in the order the README table lists them. */
public final class ConfigKeys {
    private static final Map<String, ConfigKey<?>> BY_NAME = new LinkedHashMap<>();

    public static final ConfigKey<Profile> PROFILE = key("profile", ValueType.oneOf(Profile.class),
            p -> p, "Built-in defaults: dev, test or prod (see Profiles).");
    public static final ConfigKey<String> CONFIG = key("config", ValueType.text(), same(null),
            "Path of a JSON file whose top-level object holds any of these keys.");
    public static final ConfigKey<Integer> PORT = key("port", ValueType.port(), same(7171),
            "HTTP port; 0 picks a free one (see portFile). A port in use means no server, never no application.");
    public static final ConfigKey<String> HOST = key("host", ValueType.text(), same("127.0.0.1"),
            "Address to bind. Bound to anything but loopback, every request needs the token.");
    public static final ConfigKey<String> TOKEN = secret("token", ValueType.text(), same(null),
            "Bearer token for POST requests (and all requests off loopback). Unset: one is generated and written to tokenFile.");
    public static final ConfigKey<String> TOKEN_FILE = key("tokenFile", ValueType.text(), same(null),
            "Where a generated token is written, mode 0600. Unset: <java.io.tmpdir>/heapwise-<pid>.token.");
    public static final ConfigKey<String> PORT_FILE = key("portFile", ValueType.text(), same(null),
            "File the real HTTP port is written to once the server listens.");
    public static final ConfigKey<Integer> HTTP_THREADS = key("httpThreads", ValueType.intRange(1, 8), same(2),
            "Size of the server's fixed daemon executor.");
    public static final ConfigKey<Duration> PROFILING_INTERVAL = key("profilingInterval",
            ValueType.duration(Duration.ofMillis(100), Duration.ofHours(1)),
            byProfile(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(10)),
            "How often a memory profile is taken into the history.");
    public static final ConfigKey<Integer> HISTORY_SIZE = key("historySize", ValueType.intRange(1, 100_000),
            byProfile(720, 600, 360),
            "Profiles kept in the history ring (the oldest is dropped).");
    public static final ConfigKey<Integer> GC_HISTORY_SIZE = key("gcHistorySize", ValueType.intRange(16, 100_000),
            same(1024), "GC events kept for /gc/history.");
    public static final ConfigKey<Duration> PAUSE_WINDOW = key("pauseWindow",
            ValueType.duration(Duration.ofSeconds(10), Duration.ofHours(24)), same(Duration.ofMinutes(5)),
            "Sliding window of the pause distribution (p50, p95, p99, max).");
    public static final ConfigKey<Duration> PAUSE_TARGET = key("pauseTarget",
            ValueType.duration(Duration.ofMillis(1), Duration.ofMinutes(10)), same(Duration.ofMillis(200)),
            "The pause p99 that health scores against.");
    public static final ConfigKey<Duration> SUMMARY_INTERVAL = key("summaryInterval",
            ValueType.duration(Duration.ZERO, Duration.ofHours(24)),
            byProfile(Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(60)),
            "How often one memory summary line is logged; 0 turns it off.");
    public static final ConfigKey<Boolean> INSTRUMENT = key("instrument", ValueType.bool(), same(true),
            "Rewrite allocation sites to sample allocations; false is the kill switch (the rest of the agent runs on).");
    public static final ConfigKey<String> INCLUDE = key("include", ValueType.text(), same(null),
            "Classes to instrument, patterns separated by ';' ('*' matches anything: com.acme.*). Unset: every class of the application's loaders.");
    public static final ConfigKey<String> EXCLUDE = key("exclude", ValueType.text(), same(null),
            "Classes never to instrument, patterns as for include. The JDK, the agent and other agents are never instrumented.");
    public static final ConfigKey<Long> SAMPLE_INTERVAL = key("sampleInterval", ValueType.size(1, 1L << 30),
            same(512L * 1024), "Mean bytes between allocation samples (Poisson); 1 samples every allocation.");
    public static final ConfigKey<Integer> MAX_SAMPLES_PER_SECOND = key("maxSamplesPerSecond",
            ValueType.intRange(0, 1_000_000), same(200),
            "Cap on samples a second: above it the interval is raised (weights stay exact); 0 means no cap.");
    public static final ConfigKey<Integer> STACK_DEPTH = key("stackDepth", ValueType.intRange(0, 256), same(32),
            "Frames kept of each sampled stack; 0 records no stacks.");
    public static final ConfigKey<Integer> MAX_STACKS_PER_SECOND = key("maxStacksPerSecond", ValueType.intRange(0, 1_000_000),
            same(20), "Stack walks a second at most: above it a random share of samples walks its stack, weighted so the stack figures stay unbiased (a walk costs the allocating thread 10-150 us); 0 walks every sample's stack.");
    public static final ConfigKey<Integer> MAX_SITES = key("maxSites", ValueType.intRange(16, 1_000_000),
            same(65_536), "Allocation sites tracked by name; sites beyond share one 'other sites' entry.");
    public static final ConfigKey<Integer> MAX_STACKS = key("maxStacks", ValueType.intRange(16, 100_000),
            same(1024), "Distinct sampled stacks kept; the lightest is evicted when full.");
    public static final ConfigKey<String> TRACK_METHODS = key("trackMethods", ValueType.text(), same(null),
            "Methods whose allocated bytes per invocation are tracked (by=method): Class.method patterns separated by ';' ('*' matches anything: com.acme.web.*Handler.handle).");
    public static final ConfigKey<Boolean> TRACK_HTTP_HANDLERS = key("trackHttpHandlers", ValueType.bool(), same(true),
            "Also track every handle(HttpExchange) method and lambda of the JDK's HTTP server: bytes allocated per request with no configuration.");
    public static final ConfigKey<Integer> MAX_TRACKED_METHODS = key("maxTrackedMethods", ValueType.intRange(1, 100_000),
            same(256), "Tracked methods at most (about 5 KB each); methods beyond are left uninstrumented.");
    public static final ConfigKey<Duration> ALLOCATION_WINDOW = key("allocationWindow",
            ValueType.duration(Duration.ofSeconds(1), Duration.ofHours(1)), same(Duration.ofMinutes(1)),
            "Window of the 'bytes per second over the last window' allocation figures.");
    public static final ConfigKey<Boolean> LEAK_DETECTION = key("leakDetection", ValueType.bool(), same(true),
            "Run the leak patterns below on a daemon thread; false switches leak detection off.");
    public static final ConfigKey<Duration> LEAK_DETECTION_INTERVAL = key("leakDetectionInterval",
            ValueType.duration(Duration.ofSeconds(1), Duration.ofHours(24)),
            byProfile(Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(30)),
            "How often every enabled leak pattern is judged.");
    public static final ConfigKey<Duration> LEAK_SAMPLE_INTERVAL = key("leakSampleInterval",
            ValueType.duration(Duration.ofMillis(500), Duration.ofHours(1)),
            byProfile(Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(10)),
            "How often thread, class loader, buffer-pool, native-memory, file-descriptor and heap-commit figures are read for the leak patterns.");
    public static final ConfigKey<Duration> LEAK_WINDOW = key("leakWindow",
            ValueType.duration(Duration.ofSeconds(10), Duration.ofDays(7)), same(Duration.ofMinutes(15)),
            "The span of evidence a trend is judged on (older points are ignored).");
    public static final ConfigKey<Duration> LEAK_MIN_DURATION = key("leakMinDuration",
            ValueType.duration(Duration.ZERO, Duration.ofDays(7)),
            byProfile(Duration.ofSeconds(90), Duration.ofSeconds(60), Duration.ofSeconds(90)),
            "Growth must span at least this long before it is suspected.");
    public static final ConfigKey<Integer> LEAK_MIN_POINTS = key("leakMinPoints", ValueType.intRange(4, 10_000), same(5),
            "Growth must show in at least this many points (readings, or old-generation markings for heap figures).");
    public static final ConfigKey<Double> LEAK_CONFIDENCE = key("leakConfidence", ValueType.fraction(0.5, 0.9999),
            same(0.99), "One-sided confidence that the growth rate is above zero (Sen's bound on the Theil-Sen slope).");
    public static final ConfigKey<Integer> LEAK_HISTORY_SIZE = key("leakHistorySize", ValueType.intRange(1, 10_000),
            same(200), "Leak events (suspected, severity changed, resolved) kept for /leaks.");
    public static final ConfigKey<Duration> LEAK_CONFIRM_INTERVAL = key("leakConfirmInterval",
            ValueType.duration(Duration.ZERO, Duration.ofDays(1)),
            byProfile(Duration.ofMinutes(1), Duration.ofSeconds(20), Duration.ZERO),
            "When the old generation keeps growing and no collection has marked it for this long, run one full collection (System.gc()) so the heap patterns can tell a leak from garbage; 0 never does.");
    public static final ConfigKey<Boolean> HEAP_GROWTH = key("heapGrowth", ValueType.bool(), same(true),
            "Pattern heap-growth: the live set after each old-generation marking trends up.");
    public static final ConfigKey<Long> HEAP_GROWTH_MIN_RATE = key("heapGrowthMinRate", ValueType.size(0, 1L << 40),
            same(1024L * 1024), "heap-growth: bytes per minute below which growth is ignored.");
    public static final ConfigKey<Boolean> TRACK_SURVIVORS = key("trackSurvivors", ValueType.bool(),
            byProfile(true, true, false),
            "Pattern surviving-allocations: read the JVM's own old-object samples (a JFR recording of jdk.OldObjectSample alone) and report sites whose survivors keep piling up; fixed at start.");
    public static final ConfigKey<Boolean> SURVIVORS_ON_SUSPECT = key("survivorsOnSuspect", ValueType.bool(), same(true),
            "With trackSurvivors=false: start JFR's old-object sampler when heap-growth suspects a leak, so surviving-allocations names its allocation site a few markings later (about 5% of throughput while it runs); stopped once no heap suspect was seen for leakWindow.");
    public static final ConfigKey<Long> SURVIVOR_MIN_RATE = key("survivorMinRate", ValueType.size(0, 1L << 40),
            same(256L * 1024), "surviving-allocations: bytes per minute a site's share of the live set must grow by.");
    public static final ConfigKey<Integer> SURVIVOR_MIN_AGE = key("survivorMinAge", ValueType.intRange(1, 100), same(1),
            "surviving-allocations: old-generation markings a sampled object must have survived to count.");
    public static final ConfigKey<Duration> CLASS_HISTOGRAM_INTERVAL = key("classHistogramInterval",
            ValueType.duration(Duration.ZERO, Duration.ofDays(1)),
            byProfile(Duration.ofMinutes(10), Duration.ofMinutes(10), Duration.ZERO),
            "Pattern class-growth: a class histogram this often (GC.class_histogram: a full collection, 0.3-0.5 s per 500 MB live); 0 is off.");
    public static final ConfigKey<Integer> CLASS_GROWTH_HISTOGRAMS = key("classGrowthHistograms", ValueType.intRange(2, 100),
            same(3), "class-growth: consecutive histograms a class's bytes must grow across.");
    public static final ConfigKey<Long> CLASS_GROWTH_MIN_BYTES = key("classGrowthMinBytes", ValueType.size(0, 1L << 40),
            same(8L * 1024 * 1024), "class-growth: bytes a class must have grown by across those histograms.");
    public static final ConfigKey<Boolean> THREAD_GROWTH = key("threadGrowth", ValueType.bool(), same(true),
            "Pattern thread-growth: live threads trend up; names the group (digits folded: worker-#).");
    public static final ConfigKey<Integer> THREAD_GROWTH_MIN_THREADS = key("threadGrowthMinThreads",
            ValueType.intRange(1, 1_000_000), same(10), "thread-growth: threads a group must have grown by within the window.");
    public static final ConfigKey<Boolean> FILE_DESCRIPTOR_GROWTH = key("fileDescriptorGrowth", ValueType.bool(), same(true),
            "Pattern file-descriptor-growth: open file descriptors (/proc/self/fd, Linux) trend up; names the family (files by path with numbers folded, TCP connections by peer or port and state).");
    public static final ConfigKey<Integer> FILE_DESCRIPTOR_GROWTH_MIN_DESCRIPTORS = key("fileDescriptorGrowthMinDescriptors",
            ValueType.intRange(1, 10_000_000), same(50), "file-descriptor-growth: descriptors a family must have grown by within the window.");
    public static final ConfigKey<Boolean> CLASS_LOADER_GROWTH = key("classLoaderGrowth", ValueType.bool(), same(true),
            "Pattern classloader-growth: loaded classes and metaspace rise while unloading does not keep up.");
    public static final ConfigKey<Integer> CLASS_LOADER_GROWTH_MIN_CLASSES = key("classLoaderGrowthMinClasses",
            ValueType.intRange(1, 10_000_000), same(200),
            "classloader-growth: classes of one name family (counters and hashes folded) that must have been generated into existing loaders to name the family.");
    public static final ConfigKey<Integer> CLASS_LOADER_GROWTH_MIN_LOADERS = key("classLoaderGrowthMinLoaders",
            ValueType.intRange(1, 10_000_000), same(20), "classloader-growth: live loaders of one type must have grown by this many to name the type.");
    public static final ConfigKey<Boolean> DIRECT_MEMORY_GROWTH = key("directMemoryGrowth", ValueType.bool(), same(true),
            "Pattern direct-memory-growth: direct and mapped buffer pools trend up.");
    public static final ConfigKey<Long> DIRECT_MEMORY_GROWTH_MIN_BYTES = key("directMemoryGrowthMinBytes",
            ValueType.size(0, 1L << 40), same(16L * 1024 * 1024), "direct-memory-growth: bytes a pool must have grown by.");
    public static final ConfigKey<Boolean> NATIVE_MEMORY_GROWTH = key("nativeMemoryGrowth", ValueType.bool(), same(true),
            "Pattern native-memory-growth: anonymous resident memory outside the heap, metaspace, code cache and direct buffers trends up (malloc by JNI code or the JDK's zip and crypto parts, thread stacks).");
    public static final ConfigKey<Long> NATIVE_MEMORY_GROWTH_MIN_RATE = key("nativeMemoryGrowthMinRate",
            ValueType.size(0, 1L << 40), same(2L * 1024 * 1024), "native-memory-growth: bytes per minute below which growth is ignored.");
    public static final ConfigKey<Long> NATIVE_MEMORY_GROWTH_MIN_BYTES = key("nativeMemoryGrowthMinBytes",
            ValueType.size(0, 1L << 40), same(32L * 1024 * 1024), "native-memory-growth: bytes native memory must have grown by.");
    public static final ConfigKey<Boolean> IDLE_HEAP = key("idleHeap", ValueType.bool(), same(true),
            "Pattern idle-heap: committed heap far above the live set for long (waste, not a leak).");
    public static final ConfigKey<Long> IDLE_HEAP_MIN_BYTES = key("idleHeapMinBytes", ValueType.size(0, 1L << 50),
            same(256L * 1024 * 1024), "idle-heap: committed-but-unused bytes (also at least half the committed heap) that count as waste.");
    public static final ConfigKey<Duration> IDLE_HEAP_DURATION = key("idleHeapDuration",
            ValueType.duration(Duration.ZERO, Duration.ofDays(7)), same(Duration.ofMinutes(5)),
            "idle-heap: how long the waste must last.");
    public static final ConfigKey<TunerMode> TUNER = key("tuner", ValueType.oneOf(TunerMode.class), same(TunerMode.AUTO),
            "GC tuner: off, advise (record what it would change) or auto (change the safe run-time levers; originals restored at shutdown).");
    public static final ConfigKey<Duration> TUNER_INTERVAL = key("tunerInterval",
            ValueType.duration(Duration.ofSeconds(1), Duration.ofHours(1)), same(Duration.ofSeconds(5)),
            "How often the tuner reads the JVM and decides.");
    public static final ConfigKey<Duration> TUNER_HOLD = key("tunerHold",
            ValueType.duration(Duration.ZERO, Duration.ofHours(24)), same(Duration.ofMinutes(1)),
            "Least time between two changes of one lever at steady state (restoring when busy again is never held).");
    public static final ConfigKey<Integer> TUNER_HISTORY_SIZE = key("tunerHistorySize", ValueType.intRange(16, 100_000),
            same(256), "Tuner decisions kept for /gc/history.");
    public static final ConfigKey<Long> IDLE_ALLOCATION_RATE = key("idleAllocationRate", ValueType.size(0, 1L << 40),
            same(1024L * 1024), "The JVM counts as idle while it allocates fewer bytes a second than this (and idleCpu holds).");
    public static final ConfigKey<Double> IDLE_CPU = key("idleCpu", ValueType.fraction(0, 1), same(0.05),
            "... and while the process uses less than this share of all cores.");
    public static final ConfigKey<Duration> IDLE_DELAY = key("idleDelay",
            ValueType.duration(Duration.ZERO, Duration.ofHours(24)), same(Duration.ofSeconds(15)),
            "How long the JVM must be idle before the tuner gives memory back.");
    public static final ConfigKey<Duration> IDLE_GC_INTERVAL = key("idleGcInterval",
            ValueType.duration(Duration.ofSeconds(1), Duration.ofHours(24)), same(Duration.ofSeconds(5)),
            "G1PeriodicGCInterval the tuner sets while idle (G1 only).");
    public static final ConfigKey<Long> IDLE_RETURN_MIN_BYTES = key("idleReturnMinBytes", ValueType.size(0, 1L << 50),
            same(32L * 1024 * 1024), "Committed-but-unused heap worth giving back when idle.");
    public static final ConfigKey<Boolean> AUTO_COMPACTION = key("autoCompaction", ValueType.bool(), same(true),
            "Compact (a full collection) when idle with more than compactionThreshold of committed heap unused; the tuner runs it, in its mode.");
    public static final ConfigKey<Long> COMPACTION_THRESHOLD = key("compactionThreshold", ValueType.size(0, 1L << 50),
            same(64L * 1024 * 1024), "Committed-but-unused heap above which an idle JVM is compacted.");
    public static final ConfigKey<Duration> COMPACTION_INTERVAL = key("compactionInterval",
            ValueType.duration(Duration.ZERO, Duration.ofDays(7)), same(Duration.ofMinutes(5)),
            "Least time between two automatic compactions.");
    public static final ConfigKey<Long> COMPACTION_MAX_LIVE_SET = key("compactionMaxLiveSet", ValueType.size(0, 1L << 50),
            same(1024L * 1024 * 1024), "No automatic compaction above this live set (except ZGC and Shenandoah, whose cycles are concurrent): its pause would be seconds long.");
    public static final ConfigKey<Duration> COMPACTION_COOLDOWN = key("compactionCooldown",
            ValueType.duration(Duration.ZERO, Duration.ofHours(24)), same(Duration.ofSeconds(30)),
            "Least time between two manual compactions (POST /compaction/compact answers 429 with Retry-After inside it).");
    public static final ConfigKey<Integer> COMPACTION_HISTORY_SIZE = key("compactionHistorySize", ValueType.intRange(1, 100_000),
            same(100), "Compactions kept for /compaction/history.");
    public static final ConfigKey<String> ALERTS = key("alerts",
            ValueType.checkedText("alert rules separated by ';', or none", AlertRule::parseAll),
            same("heap_after_gc_share > 0.85 for 1m; gc_time_share > 0.10 for 1m; leak_suspects > 0; thread_growth_suspects > 0; file_descriptor_share > 0.9"),
            "Alert rules 'metric > threshold [for duration]' separated by ';' (an array in a config file); none for no alerts. Metrics: see Alerts.");
    public static final ConfigKey<Duration> ALERT_INTERVAL = key("alertInterval",
            ValueType.duration(Duration.ofMillis(500), Duration.ofHours(1)), same(Duration.ofSeconds(5)),
            "How often the alert rules are evaluated.");
    public static final ConfigKey<Integer> ALERT_HISTORY_SIZE = key("alertHistorySize", ValueType.intRange(1, 100_000),
            same(200), "Resolved alerts kept for /alerts.");
    public static final ConfigKey<Long> MAX_POOL_SIZE = key("maxPoolSize", ValueType.size(0, 1L << 40),
            same(256L * 1024 * 1024), "The most all managed buffer pools together may keep (object_size x max_objects summed).");
    public static final ConfigKey<Long> POOL_CANDIDATE_MIN_RATE = key("poolCandidateMinRate", ValueType.size(0, 1L << 40),
            same(1024L * 1024), "Bytes a second of same-sized arrays from one site that make it a pool candidate (GET /pools).");
    public static final ConfigKey<LogLevel> LOG_LEVEL = key("logLevel", ValueType.oneOf(LogLevel.class),
            byProfile(LogLevel.INFO, LogLevel.DEBUG, LogLevel.INFO),
            "Agent log threshold: off, error, warn, info, debug, trace.");
    public static final ConfigKey<String> LOG = key("log", ValueType.text(), same("stderr"),
            "Where the agent logs: stderr, or a file path (appended to).");

    private ConfigKeys() {
    }

    public static ConfigKey<?> byName(String name) {
        return BY_NAME.get(name);
    }

    public static List<ConfigKey<?>> all() {
        return List.copyOf(BY_NAME.values());
    }

    public static Map<String, ConfigKey<?>> byEnvironmentName() {
        Map<String, ConfigKey<?>> m = new LinkedHashMap<>();
        for (ConfigKey<?> k : BY_NAME.values()) {
            m.put(k.environmentName(), k);
        }
        return Collections.unmodifiableMap(m);
    }

    /*
     * Defaults are values held by one small class rather than a lambda each: every lambda is a class the JDK
     * spins at run time, and these were spun in premain, where the application waits (72 of the 200 lambda
     * classes the agent's start spun, -Xlog:class+load).
     */
    private static <T> Function<Profile, T> byProfile(T dev, T test, T prod) {
        return new ProfileDefault<>(dev, test, prod);
    }

    private static <T> Function<Profile, T> same(T value) {
        return new ProfileDefault<>(value, value, value);
    }

    private record ProfileDefault<T>(T dev, T test, T prod) implements Function<Profile, T> {
        @Override
        public T apply(Profile p) {
            return p == Profile.DEV ? dev : p == Profile.TEST ? test : prod;
        }
    }

    private static <T> ConfigKey<T> key(String name, ValueType<T> type, Function<Profile, T> defaults, String description) {
        return register(new ConfigKey<>(name, type, defaults, description, false));
    }

    private static <T> ConfigKey<T> secret(String name, ValueType<T> type, Function<Profile, T> defaults, String description) {
        return register(new ConfigKey<>(name, type, defaults, description, true));
    }

    private static <T> ConfigKey<T> register(ConfigKey<T> key) {
        BY_NAME.put(key.name(), key);
        return key;
    }
}
