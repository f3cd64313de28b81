package dev.heapwise.runtime;

import java.io.InputStream;
import java.util.Properties;

/** The agent's version, and the bundled uPlot's, from a resource Maven fills in at build time. */
public final class AgentVersion {
    private static final Properties BUILD = load();

    private AgentVersion() {
    }

    public static String get() {
        return BUILD.getProperty("version", "unknown");
    }

    /** The uPlot WebJar's version: the directory its files sit in inside the jar. */
    public static String uplot() {
        return BUILD.getProperty("uplot.version", "unknown");
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = AgentVersion.class.getResourceAsStream("/dev/heapwise/heapwise-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (Exception ignored) {
            // "unknown" below
        }
        return p;
    }
}
