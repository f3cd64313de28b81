package dev.heapwise.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The effective configuration: one value per key, where it came from, and the problems met while
 * reading it (each one a finished log line). Immutable.
 */
public final class AgentConfig {
    private final Map<ConfigKey<?>, Object> values;
    private final Map<ConfigKey<?>, ConfigSource> sources;
    private final List<String> problems;

    AgentConfig(Map<ConfigKey<?>, Object> values, Map<ConfigKey<?>, ConfigSource> sources, List<String> problems) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
        this.problems = List.copyOf(problems);
    }

    /** Defaults of {@code profile} only: what the agent runs with when nothing else is given. */
    public static AgentConfig defaults(Profile profile) {
        return ConfigLoader.load(null, Map.of(), Map.of(), p -> "", profile);
    }

    @SuppressWarnings("unchecked")
    public <T> T get(ConfigKey<T> key) {
        return (T) values.get(key);
    }

    public ConfigSource sourceOf(ConfigKey<?> key) {
        return sources.getOrDefault(key, ConfigSource.DEFAULT);
    }

    public Profile profile() {
        return get(ConfigKeys.PROFILE);
    }

    /** One finished log line per unknown key, bad value or unreadable file. */
    public List<String> problems() {
        return problems;
    }

    /** key -> {value, source}, secrets shown as {@code <redacted>} (or null when unset). */
    public Map<String, Map<String, Object>> describe() {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (ConfigKey<?> key : ConfigKeys.all()) {
            Object value = values.get(key);
            Map<String, Object> entry = new LinkedHashMap<>();
            if (value == null) {
                entry.put("value", null);
            } else if (key.secret()) {
                entry.put("value", "<redacted>");
            } else if (value instanceof Integer || value instanceof Boolean) {
                entry.put("value", value);
            } else {
                entry.put("value", key.type().format(value));
            }
            entry.put("source", sourceOf(key).label());
            out.put(key.name(), entry);
        }
        return out;
    }
}
