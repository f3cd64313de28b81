package dev.heapwise.config;

import dev.heapwise.log.LogLevel;

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
    public static final ConfigKey<String> CONFIG = key("config", ValueType.text(), p -> null,
            "Path of a JSON file whose top-level object holds any of these keys.");
    public static final ConfigKey<Integer> PORT = key("port", ValueType.port(), p -> 7171,
            "HTTP port; 0 picks a free one (see portFile). A port in use means no server, never no application.");
    public static final ConfigKey<String> HOST = key("host", ValueType.text(), p -> "127.0.0.1",
            "Address to bind. Bound to anything but loopback, every request needs the token.");
    public static final ConfigKey<String> TOKEN = secret("token", ValueType.text(), p -> null,
            "Bearer token for POST requests (and all requests off loopback). Unset: one is generated and written to tokenFile.");
    public static final ConfigKey<String> TOKEN_FILE = key("tokenFile", ValueType.text(), p -> null,
            "Where a generated token is written, mode 0600. Unset: <java.io.tmpdir>/heapwise-<pid>.token.");
    public static final ConfigKey<String> PORT_FILE = key("portFile", ValueType.text(), p -> null,
            "File the real HTTP port is written to once the server listens.");
    public static final ConfigKey<Integer> HTTP_THREADS = key("httpThreads", ValueType.intRange(1, 8), p -> 2,
            "Size of the server's fixed daemon executor.");
    public static final ConfigKey<Duration> PROFILING_INTERVAL = key("profilingInterval",
            ValueType.duration(Duration.ofMillis(100), Duration.ofHours(1)),
            byProfile(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(10)),
            "How often a memory profile is taken into the history.");
    public static final ConfigKey<Integer> HISTORY_SIZE = key("historySize", ValueType.intRange(1, 100_000),
            byProfile(720, 600, 360),
            "Profiles kept in the history ring (the oldest is dropped).");
    public static final ConfigKey<Integer> GC_HISTORY_SIZE = key("gcHistorySize", ValueType.intRange(16, 100_000),
            p -> 1024, "GC events kept for /gc/history.");
    public static final ConfigKey<Duration> PAUSE_WINDOW = key("pauseWindow",
            ValueType.duration(Duration.ofSeconds(10), Duration.ofHours(24)), p -> Duration.ofMinutes(5),
            "Sliding window of the pause distribution (p50, p95, p99, max).");
    public static final ConfigKey<Duration> PAUSE_TARGET = key("pauseTarget",
            ValueType.duration(Duration.ofMillis(1), Duration.ofMinutes(10)), p -> Duration.ofMillis(200),
            "The pause p99 that health scores against.");
    public static final ConfigKey<Duration> SUMMARY_INTERVAL = key("summaryInterval",
            ValueType.duration(Duration.ZERO, Duration.ofHours(24)),
            byProfile(Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(60)),
            "How often one memory summary line is logged; 0 turns it off.");
    public static final ConfigKey<Boolean> INSTRUMENT = key("instrument", ValueType.bool(), p -> true,
            "Rewrite allocation sites to sample allocations; false is the kill switch (the rest of the agent runs on).");
    public static final ConfigKey<String> INCLUDE = key("include", ValueType.text(), p -> null,
            "Classes to instrument, patterns separated by ';' ('*' matches anything: com.acme.*). Unset: every class of the application's loaders.");
    public static final ConfigKey<String> EXCLUDE = key("exclude", ValueType.text(), p -> null,
            "Classes never to instrument, patterns as for include. The JDK, the agent and other agents are never instrumented.");
    public static final ConfigKey<Long> SAMPLE_INTERVAL = key("sampleInterval", ValueType.size(1, 1L << 30),
            p -> 512L * 1024, "Mean bytes between allocation samples (Poisson); 1 samples every allocation.");
    public static final ConfigKey<Integer> MAX_SAMPLES_PER_SECOND = key("maxSamplesPerSecond",
            ValueType.intRange(0, 1_000_000), p -> 200,
            "Cap on samples a second: above it the interval is raised (weights stay exact); 0 means no cap.");
    public static final ConfigKey<Integer> STACK_DEPTH = key("stackDepth", ValueType.intRange(0, 256), p -> 32,
            "Frames kept of each sampled stack; 0 records no stacks.");
    public static final ConfigKey<Integer> MAX_SITES = key("maxSites", ValueType.intRange(16, 1_000_000),
            p -> 65_536, "Allocation sites tracked by name; sites beyond share one 'other sites' entry.");
    public static final ConfigKey<Integer> MAX_STACKS = key("maxStacks", ValueType.intRange(16, 100_000),
            p -> 1024, "Distinct sampled stacks kept; the lightest is evicted when full.");
    public static final ConfigKey<String> TRACK_METHODS = key("trackMethods", ValueType.text(), p -> null,
            "Methods whose allocated bytes per invocation are tracked (by=method): Class.method patterns separated by ';' ('*' matches anything: com.acme.web.*Handler.handle).");
    public static final ConfigKey<Boolean> TRACK_HTTP_HANDLERS = key("trackHttpHandlers", ValueType.bool(), p -> true,
            "Also track every handle(HttpExchange) method and lambda of the JDK's HTTP server: bytes allocated per request with no configuration.");
    public static final ConfigKey<Integer> MAX_TRACKED_METHODS = key("maxTrackedMethods", ValueType.intRange(1, 100_000),
            p -> 256, "Tracked methods at most (about 5 KB each); methods beyond are left uninstrumented.");
    public static final ConfigKey<Duration> ALLOCATION_WINDOW = key("allocationWindow",
            ValueType.duration(Duration.ofSeconds(1), Duration.ofHours(1)), p -> Duration.ofMinutes(1),
            "Window of the 'bytes per second over the last window' allocation figures.");
    public static final ConfigKey<LogLevel> LOG_LEVEL = key("logLevel", ValueType.oneOf(LogLevel.class),
            byProfile(LogLevel.INFO, LogLevel.DEBUG, LogLevel.INFO),
            "Agent log threshold: off, error, warn, info, debug, trace.");
    public static final ConfigKey<String> LOG = key("log", ValueType.text(), p -> "stderr",
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

    private static <T> Function<Profile, T> byProfile(T dev, T test, T prod) {
        return p -> p == Profile.DEV ? dev : p == Profile.TEST ? test : prod;
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
