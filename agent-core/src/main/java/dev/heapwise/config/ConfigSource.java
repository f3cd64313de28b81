package dev.heapwise.config;

/** Where a configuration value came from, lowest precedence first. */
public enum ConfigSource {
    DEFAULT("profile default"),
    FILE("config file"),
    ENVIRONMENT("environment"),
    SYSTEM_PROPERTY("system property"),
    ARGUMENT("agent argument");

    private final String label;

    ConfigSource(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
