package dev.heapwise.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.heapwise.util.StrictJson;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Layers the configuration sources, highest precedence first: agent arguments, {@code heapwise.*}
 * system properties, {@code HEAPWISE_*} environment variables, the JSON file named by {@code config},
 * and the defaults of the chosen profile. Never throws for bad input: an unknown key, a bad value or
 * an unreadable file becomes one problem line naming the key, the value and what was used instead.
 */
public final class ConfigLoader {

    /** Reads a file's text; throws IOException when it cannot. A seam for tests. */
    @FunctionalInterface
    public interface FileReader {
        String read(String path) throws IOException;
    }

    private ConfigLoader() {
    }

    /** Reads the real environment, system properties and file system. */
    public static AgentConfig load(String agentArgs) {
        Map<String, String> props = new LinkedHashMap<>();
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("heapwise.")) {
                props.put(name, System.getProperty(name));
            }
        }
        return load(agentArgs, System.getenv(), props,
                path -> java.nio.file.Files.readString(java.nio.file.Path.of(path)), null);
    }

    /**
     * @param forcedProfile when not null, the profile used regardless of the sources (for {@link AgentConfig#defaults}).
     */
    static AgentConfig load(String agentArgs, Map<String, String> env, Map<String, String> sysProps,
                            FileReader files, Profile forcedProfile) {
        List<String> problems = new ArrayList<>();
        Map<String, String> args = parseArguments(agentArgs, problems);
        Map<String, String> props = new LinkedHashMap<>();
        sysProps.forEach((k, v) -> {
            if (k.startsWith("heapwise.")) {
                props.put(k.substring("heapwise.".length()), v);
            }
        });
        Map<String, String> environment = fromEnvironment(env, problems);

        String configPath = firstOf(ConfigKeys.CONFIG.name(), args, props, environment);
        Map<String, String> file = configPath == null ? Map.of() : readFile(configPath, files, problems);

        Map<ConfigSource, Map<String, String>> layers = new LinkedHashMap<>();
        layers.put(ConfigSource.FILE, file);
        layers.put(ConfigSource.ENVIRONMENT, environment);
        layers.put(ConfigSource.SYSTEM_PROPERTY, props);
        layers.put(ConfigSource.ARGUMENT, args);

        Profile profile = forcedProfile != null ? forcedProfile : chooseProfile(layers, problems);

        Map<ConfigKey<?>, Object> values = new LinkedHashMap<>();
        Map<ConfigKey<?>, ConfigSource> sources = new LinkedHashMap<>();
        for (ConfigKey<?> key : ConfigKeys.all()) {
            values.put(key, key.defaultFor(profile));
            sources.put(key, ConfigSource.DEFAULT);
        }
        values.put(ConfigKeys.PROFILE, profile);

        for (Map.Entry<ConfigSource, Map<String, String>> layer : layers.entrySet()) {
            ConfigSource source = layer.getKey();
            for (Map.Entry<String, String> e : layer.getValue().entrySet()) {
                ConfigKey<?> key = ConfigKeys.byName(e.getKey());
                if (key == null) {
                    problems.add("unknown configuration key '" + e.getKey() + "' from " + source.label()
                            + " ignored; known keys: " + knownKeys());
                    continue;
                }
                if (key == ConfigKeys.PROFILE) {
                    if (forcedProfile == null && profile.id().equalsIgnoreCase(e.getValue().trim())) {
                        sources.put(key, source);
                    }
                    continue; // already chosen (and reported) by chooseProfile
                }
                try {
                    values.put(key, key.type().parse(e.getValue()));
                    sources.put(key, source);
                } catch (IllegalArgumentException bad) {
                    Object used = values.get(key);
                    problems.add("invalid value for " + key.name() + "='" + printable(key, e.getValue()) + "' from "
                            + source.label() + ": " + bad.getMessage() + "; using "
                            + (used == null ? "none" : key.secret() ? "<redacted>" : key.type().format(used)));
                }
            }
        }
        return new AgentConfig(values, sources, problems);
    }

    /** {@code key=value,key=value}; blanks are skipped, an entry without '=' is a problem. */
    static Map<String, String> parseArguments(String agentArgs, List<String> problems) {
        Map<String, String> out = new LinkedHashMap<>();
        if (agentArgs == null || agentArgs.isBlank()) {
            return out;
        }
        for (String part : agentArgs.split(",")) {
            String entry = part.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                problems.add("agent argument '" + entry + "' ignored: expected key=value");
                continue;
            }
            out.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
        }
        return out;
    }

    private static Map<String, String> fromEnvironment(Map<String, String> env, List<String> problems) {
        Map<String, ConfigKey<?>> byEnv = ConfigKeys.byEnvironmentName();
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (!e.getKey().startsWith("HEAPWISE_")) {
                continue;
            }
            ConfigKey<?> key = byEnv.get(e.getKey());
            if (key == null) {
                problems.add("unknown environment variable " + e.getKey() + " ignored; known keys: " + knownKeys());
            } else {
                out.put(key.name(), e.getValue());
            }
        }
        return out;
    }

    private static Map<String, String> readFile(String path, FileReader files, List<String> problems) {
        String text;
        try {
            text = files.read(path);
        } catch (IOException | RuntimeException e) {
            problems.add("config file '" + path + "' could not be read (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); continuing without it");
            return Map.of();
        }
        JsonNode root;
        try {
            root = StrictJson.read(text);
        } catch (JsonProcessingException e) {
            problems.add("config file '" + path + "' is not valid JSON (" + StrictJson.problem(e) + "); continuing without it");
            return Map.of();
        } catch (IOException e) {
            problems.add("config file '" + path + "' could not be parsed (" + e.getClass().getSimpleName() + "); continuing without it");
            return Map.of();
        }
        if (root == null || !root.isObject()) {
            problems.add("config file '" + path + "' must hold a JSON object of key: value; continuing without it");
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (v.isValueNode() && !v.isNull()) {
                out.put(e.getKey(), v.asText());
            } else if (isListOfValues(v)) {
                // a list (alert rules, include patterns) reads better as an array in a file: the same as ';'-separated text
                List<String> items = new ArrayList<>();
                v.forEach(item -> items.add(item.asText()));
                out.put(e.getKey(), String.join(";", items));
            } else {
                problems.add("config file '" + path + "': key '" + e.getKey()
                        + "' must have a string, number or boolean value, or an array of them; ignored");
            }
        }
        return out;
    }

    private static boolean isListOfValues(JsonNode v) {
        if (!v.isArray() || v.isEmpty()) {
            return false;
        }
        for (JsonNode item : v) {
            if (!item.isValueNode() || item.isNull()) {
                return false;
            }
        }
        return true;
    }

    private static Profile chooseProfile(Map<ConfigSource, Map<String, String>> layers, List<String> problems) {
        Profile chosen = Profile.DEFAULT;
        for (Map.Entry<ConfigSource, Map<String, String>> layer : layers.entrySet()) {
            String text = layer.getValue().get(ConfigKeys.PROFILE.name());
            if (text == null) {
                continue;
            }
            try {
                chosen = Profile.parse(text);
            } catch (IllegalArgumentException bad) {
                problems.add("invalid value for profile='" + text + "' from " + layer.getKey().label() + ": "
                        + bad.getMessage() + "; using " + chosen.id());
            }
        }
        return chosen;
    }

    private static String firstOf(String name, Map<String, String> args, Map<String, String> props, Map<String, String> env) {
        if (args.containsKey(name)) {
            return args.get(name);
        }
        if (props.containsKey(name)) {
            return props.get(name);
        }
        return env.get(name);
    }

    private static String printable(ConfigKey<?> key, String value) {
        return key.secret() ? "<redacted>" : value;
    }

    private static String knownKeys() {
        StringBuilder b = new StringBuilder();
        for (ConfigKey<?> k : ConfigKeys.all()) {
            b.append(b.length() == 0 ? "" : ", ").append(k.name());
        }
        return b.toString();
    }
}
