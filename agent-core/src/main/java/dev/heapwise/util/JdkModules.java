package dev.heapwise.util;

import java.util.ArrayList;
import java.util.List;

/**
 * Which of the JDK modules the agent stands on this Java runtime has. A runtime made with {@code jlink} holds
 * only the modules its application asked for: without {@code jdk.httpserver} the agent runs without its HTTP
 * server (the log still reports), without {@code jdk.jfr} without the survivor evidence of leak detection, and
 * without the management modules it cannot run at all. Each is said in
 * words a user can act on, where the JVM alone would name a class it could not find.
 */
public final class JdkModules {
    /** What every part of the agent reads: the MXBeans, and HotSpot's own (allocated bytes, flags, GC notifications). */
    public static final List<String> REQUIRED = List.of("java.management", "jdk.management");
    public static final String HTTP_SERVER = "jdk.httpserver";
    public static final String FLIGHT_RECORDER = "jdk.jfr";

    private JdkModules() {
    }

    public static boolean present(String module) {
        return ModuleLayer.boot().findModule(module).isPresent();
    }

    /** The modules of {@code names} this runtime lacks, in order. */
    public static List<String> missing(List<String> names) {
        List<String> out = new ArrayList<>();
        for (String name : names) {
            if (!present(name)) {
                out.add(name);
            }
        }
        return out;
    }

    /** How to get the missing modules back. */
    public static String addThem(List<String> modules) {
        return "a runtime made with jlink? add --add-modules " + String.join(",", modules);
    }

    /** "this Java runtime lacks the module M (how to add it)". */
    public static String lacks(String module) {
        return "this Java runtime lacks the module " + module + " (" + addThem(List.of(module)) + ")";
    }
}
