package dev.heapwise.config;

import java.util.Objects;
import java.util.function.Function;

/**
 * One configuration key: its name as written in agent arguments, its type, its default under each
 * profile, and the sentence the README table shows. {@code secret} keys are redacted wherever the
 * configuration is shown.
 */
public final class ConfigKey<T> {
    private final String name;
    private final ValueType<T> type;
    private final Function<Profile, T> defaults;
    private final String description;
    private final boolean secret;

    ConfigKey(String name, ValueType<T> type, Function<Profile, T> defaults, String description, boolean secret) {
        this.name = Objects.requireNonNull(name);
        this.type = Objects.requireNonNull(type);
        this.defaults = Objects.requireNonNull(defaults);
        this.description = Objects.requireNonNull(description);
        this.secret = secret;
    }

    public String name() {
        return name;
    }

    public ValueType<T> type() {
        return type;
    }

    /** The default under {@code profile}; null means "not set". */
    public T defaultFor(Profile profile) {
        return defaults.apply(profile);
    }

    public String description() {
        return description;
    }

    public boolean secret() {
        return secret;
    }

    /** {@code HEAPWISE_PROFILING_INTERVAL} for {@code profilingInterval}. */
    public String environmentName() {
        StringBuilder b = new StringBuilder("HEAPWISE_");
        for (char c : name.toCharArray()) {
            if (Character.isUpperCase(c)) {
                b.append('_');
            }
            b.append(Character.toUpperCase(c));
        }
        return b.toString();
    }

    /** {@code heapwise.profilingInterval} for {@code profilingInterval}. */
    public String propertyName() {
        return "heapwise." + name;
    }

    @Override
    public String toString() {
        return name;
    }
}
