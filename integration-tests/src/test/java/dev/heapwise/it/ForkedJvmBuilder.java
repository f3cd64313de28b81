package dev.heapwise.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How to start a {@link ForkedJvm}: the JDK and collector of the current {@link JvmMatrix}
 * combination, -Xmx256m and ControlledApp unless told otherwise, the agent only when asked for.
 * Starting skips the test (loudly) when the combination cannot run here.
 */
public final class ForkedJvmBuilder {
    private final String name;
    private final JvmMatrix matrix = JvmMatrix.current();
    private Path javaHome;
    private String gcFlag;
    private String xmx = "256m";
    private String agentArgs;
    private String mainClass = "dev.heapwise.it.apps.ControlledApp";
    private boolean libraries;
    private final List<String> jvmFlags = new ArrayList<>();
    private final List<String> appArgs = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();

    ForkedJvmBuilder(String name) {
        this.name = name;
        this.gcFlag = matrix.gc().flag();
    }

    /** Another JDK than the matrix's (the matrix's by default). */
    public ForkedJvmBuilder javaHome(Path home) {
        this.javaHome = home;
        return this;
    }

    /** A collector flag such as {@code -XX:+UseSerialGC}, or null for the JVM's own choice. */
    public ForkedJvmBuilder gcFlag(String flag) {
        this.gcFlag = flag;
        return this;
    }

    public ForkedJvmBuilder xmx(String size) {
        this.xmx = size;
        return this;
    }

    /**
     * Attach the agent with these arguments. Unless they name their own, {@code portFile} and
     * {@code tokenFile} are added, pointing into the child's directory: so the test finds the port,
     * and no token file is left in /tmp by a child that is killed.
     */
    public ForkedJvmBuilder agent(String args) {
        this.agentArgs = args;
        return this;
    }

    public ForkedJvmBuilder noAgent() {
        this.agentArgs = null;
        return this;
    }

    public ForkedJvmBuilder mainClass(Class<?> main) {
        this.mainClass = main.getName();
        return this;
    }

    /**
     * Puts the workloads' library jars (Jackson, H2, Lucene: target/apps.classpath, written by the build)
     * on the child's class path after the apps' classes. Without it the child sees the apps' classes only,
     * as an application that bundles no library would.
     */
    public ForkedJvmBuilder withLibraries() {
        this.libraries = true;
        return this;
    }

    public ForkedJvmBuilder jvmFlag(String... flags) {
        jvmFlags.addAll(List.of(flags));
        return this;
    }

    public ForkedJvmBuilder appArgs(String... args) {
        appArgs.addAll(List.of(args));
        return this;
    }

    public ForkedJvmBuilder env(String key, String value) {
        env.put(key, value);
        return this;
    }

    public ForkedJvm start() {
        matrix.assumeRunnable();
        try {
            Path root = matrix.workDir();
            Files.createDirectories(root);
            Path dir = Files.createTempDirectory(root, name + "-");
            List<String> cmd = new ArrayList<>();
            cmd.add((javaHome != null ? javaHome.resolve("bin").resolve("java") : matrix.javaExecutable()).toString());
            if (gcFlag != null) {
                cmd.add(gcFlag);
            }
            if (xmx != null) {
                cmd.add("-Xmx" + xmx);
            }
            if (agentArgs != null) {
                cmd.add("-javaagent:" + AgentJar.path() + "=" + withFileDefaults(agentArgs, dir));
            }
            cmd.addAll(jvmFlags);
            cmd.add("-cp");
            cmd.add(classPath());
            cmd.add(mainClass);
            cmd.addAll(appArgs);

            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
            // Hermetic: the agent must not pick up HEAPWISE_* settings from whoever runs the build.
            pb.environment().keySet().removeIf(k -> k.startsWith("HEAPWISE_"));
            pb.environment().putAll(env);
            Path out = dir.resolve("stdout.txt");
            Path err = dir.resolve("stderr.txt");
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            Files.writeString(dir.resolve("command.txt"), String.join(" ", cmd) + "\n");
            return ForkedJvm.started(pb.start(), cmd, dir, out, err);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start a child JVM", e);
        }
    }

    private String classPath() throws IOException {
        String apps = ForkedJvm.requiredProperty("heapwise.apps.classpath");
        if (!libraries) {
            return apps;
        }
        Path file = Path.of(ForkedJvm.requiredProperty("heapwise.apps.libraries"));
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing: the build writes it (mvn -pl integration-tests generate-resources)");
        }
        return apps + java.io.File.pathSeparator + Files.readString(file).trim();
    }

    private static String withFileDefaults(String args, Path dir) {
        Set<String> keys = new HashSet<>();
        for (String part : args.split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                keys.add(part.substring(0, eq).trim());
            }
        }
        StringBuilder b = new StringBuilder(args);
        if (!keys.contains("portFile")) {
            b.append(b.length() == 0 ? "" : ",").append("portFile=").append(dir.resolve("port"));
        }
        if (!keys.contains("tokenFile") && !keys.contains("token")) {
            b.append(b.length() == 0 ? "" : ",").append("tokenFile=").append(dir.resolve("token"));
        }
        return b.toString();
    }
}
