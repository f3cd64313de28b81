package dev.heapwise.instrument;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Java agents the JVM was given after this one ({@code -javaagent} flags, those of
 * {@code JAVA_TOOL_OPTIONS} first, as the JVM loads them). The JVM hands a loading class to the agents'
 * transformers in that order, so an agent given later sees the class as heapwise rewrote it, unless heapwise's
 * transformer is one that can retransform: those run after all others.
 */
final class LaterJavaAgents {
    private static final String FLAG = "-javaagent:";

    private LaterJavaAgents() {
    }

    /** The file names of the agents given after {@code ownJar} in {@code jvmArguments}; none when it is not among them. */
    static List<String> after(Path ownJar, List<String> jvmArguments) {
        List<String> later = new ArrayList<>();
        boolean seen = false;
        for (String arg : jvmArguments) {
            if (!arg.startsWith(FLAG)) {
                continue;
            }
            String spec = arg.substring(FLAG.length());
            int options = spec.indexOf('=');
            String jar = options < 0 ? spec : spec.substring(0, options);
            if (sameFile(ownJar, jar)) {
                seen = true; // a second flag for this same jar starts nothing new
            } else if (seen) {
                later.add(fileName(jar));
            }
        }
        return later;
    }

    private static boolean sameFile(Path ownJar, String jar) {
        try {
            return ownJar != null && Files.isSameFile(ownJar, Path.of(jar));
        } catch (IOException | InvalidPathException | SecurityException e) {
            return false;
        }
    }

    private static String fileName(String jar) {
        try {
            Path name = Path.of(jar).getFileName();
            return name == null ? jar : name.toString();
        } catch (InvalidPathException e) {
            return jar;
        }
    }

    /** Where this agent's classes come from: its jar (a directory of classes in tests); null when unknown. */
    static Path ownJar() {
        try {
            return Path.of(LaterJavaAgents.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception | Error e) {
            return null;
        }
    }
}
