package dev.heapwise.instrument;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which classes the allocation rewriter may touch. Never: classes of the boot and platform loaders and
 * of the JDK's modules that the application loader defines (javac, jshell, jlink: the JDK too), the
 * agent itself, Byte Buddy, and the packages of other agents and profilers (rewriting their code would
 * fight them). Within the rest: {@code include} patterns, if given, choose; then
 * {@code exclude} patterns remove. Patterns are separated by {@code ;}; {@code *} matches any run of
 * characters, so {@code com.acme.*} is everything under {@code com.acme}.
 */
public final class ClassFilter {
    /** The agent's own packages, named one by one: applications may live under dev.heapwise too. */
    static final String[] AGENT = {
            "dev.heapwise.agent.", "dev.heapwise.bootstrap.", "dev.heapwise.shaded.", "dev.heapwise.config.",
            "dev.heapwise.log.", "dev.heapwise.profile.", "dev.heapwise.gc.", "dev.heapwise.health.",
            "dev.heapwise.http.", "dev.heapwise.runtime.", "dev.heapwise.util.", "dev.heapwise.instrument.",
            "dev.heapwise.sampling.", "dev.heapwise.leak.", "dev.heapwise.vm.", "dev.heapwise.tuner.",
            "dev.heapwise.compaction.", "dev.heapwise.pool.", "dev.heapwise.alert.", "dev.heapwise.metrics.",
    };
    /**
     * Byte Buddy's package, spelled out at run time: the agent jar relocates every string constant that names
     * Byte Buddy's package to the agent's shaded copy, and so once turned this entry into
     * {@code dev.heapwise.shaded.net.bytebuddy.}, leaving the application's and other agents' Byte Buddy rewritten.
     */
    static final String BYTE_BUDDY = String.join(".", "net", "bytebuddy", "");
    /** Other agents, profilers and test tools that rewrite or observe classes themselves (rewriting their code would fight them). */
    static final String[] OTHER_AGENTS = {
            BYTE_BUDDY, "io.opentelemetry.javaagent.", "co.elastic.apm.", "com.newrelic.", "datadog.", "com.datadoghq.",
            "org.jacoco.agent.", "org.glowroot.", "com.appdynamics.", "com.dynatrace.", "com.contrastsecurity.",
            "org.aspectj.weaver.", "com.intellij.rt.", "kotlinx.coroutines.debug.", "io.pyroscope.", "one.profiler.",
            "org.mockito.", "io.sentry.opentelemetry.", "org.apache.skywalking.apm.agent.", "com.navercorp.pinpoint.",
    };
    static final String[] JDK = {"java.", "jdk.", "sun.", "com.sun.proxy.", "jdk.proxy"};

    private final List<Pattern> include;
    private final List<Pattern> exclude;

    /** True for a class of the agent itself. */
    public static boolean isAgent(String className) {
        return startsWithAny(className, AGENT);
    }

    public ClassFilter(String includePatterns, String excludePatterns) {
        this.include = parse(includePatterns);
        this.exclude = parse(excludePatterns);
    }

    /** True when a class of this name, defined by this loader, has its allocation sites rewritten. */
    public boolean matches(String className, ClassLoader loader) {
        return eligible(className, loader) && included(className);
    }

    /**
     * As {@link #eligible(String, ClassLoader)}, and false for a class of a JDK module ({@code java.*},
     * {@code jdk.*}) whatever loader defines it: the application loader defines several (jdk.compiler's
     * {@code com.sun.tools.javac}, jdk.jshell, jdk.jlink), whose packages no prefix list keeps up with.
     */
    public boolean eligible(String className, ClassLoader loader, String moduleName) {
        return !isJdkModule(moduleName) && eligible(className, loader);
    }

    static boolean isJdkModule(String moduleName) {
        return moduleName != null && (moduleName.startsWith("java.") || moduleName.startsWith("jdk."));
    }

    /**
     * True unless the class belongs to the JDK, the agent or another agent: nothing of those is ever changed.
     * Another agent's class is one of its packages, or any class its own class loader defines: agents load the
     * libraries they bundle (their Byte Buddy, ASM, SDKs) in loaders of their own, under names no list keeps up
     * with, and rewriting those once put samples inside the OpenTelemetry agent's class transformation.
     */
    public boolean eligible(String className, ClassLoader loader) {
        if (loader == null || isJdkLoader(loader) || startsWithAny(loader.getClass().getName(), OTHER_AGENTS)) {
            return false;
        }
        if (isAgent(className) || startsWithAny(className, JDK) || startsWithAny(className, OTHER_AGENTS)) {
            return false;
        }
        return !className.contains("$$Lambda") && !className.startsWith("$Proxy") && !className.contains(".$Proxy");
    }

    /** True when the include and exclude patterns choose this class (eligibility aside). */
    public boolean included(String className) {
        if (!include.isEmpty() && !anyMatch(include, className)) {
            return false;
        }
        return !anyMatch(exclude, className);
    }

    private static boolean startsWithAny(String name, String[] prefixes) {
        for (String prefix : prefixes) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isJdkLoader(ClassLoader loader) {
        for (ClassLoader l = ClassLoader.getPlatformClassLoader(); l != null; l = l.getParent()) {
            if (l == loader) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyMatch(List<Pattern> patterns, String name) {
        for (Pattern p : patterns) {
            if (p.matcher(name).matches()) {
                return true;
            }
        }
        return false;
    }

    static List<Pattern> parse(String patterns) {
        List<Pattern> out = new ArrayList<>();
        if (patterns == null) {
            return out;
        }
        for (String raw : patterns.split(";")) {
            String p = raw.trim();
            if (p.isEmpty()) {
                continue;
            }
            out.add(glob(p));
        }
        return out;
    }

    /** A pattern where {@code *} matches any run of characters and everything else itself. */
    static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString());
    }
}
