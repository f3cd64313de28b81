package dev.heapwise.it.apps;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A class whose one method is just under the JVM's 64 KB code limit and full of allocation sites, as
 * generated parsers and table initialisers are, beside an ordinary method. Rewriting every site would
 * push the big method over the limit, so the agent must leave that method alone and rewrite the rest
 * of the class. The class is written and compiled here at run time (javac of the running JDK), so that
 * no 7,000-line source sits in the project, and loaded from its own class loader. Prints the methods'
 * results, then {@code READY}, then keeps the small method allocating until stopped.
 */
public final class OversizedMethodApp {
    /** 8 bytes of bytecode each ({@code new, dup, invokespecial, astore}): 56 KB, and twice that rewritten. */
    private static final int SITES = 7000;

    private OversizedMethodApp() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory(Path.of("."), "oversized");
        Path source = dir.resolve("GeneratedTables.java");
        StringBuilder java = new StringBuilder("public class GeneratedTables {\n")
                .append("  public static int big() {\n    Object o;\n    int n = 0;\n");
        for (int i = 0; i < SITES; i++) {
            java.append("    o = new Object();\n");
        }
        java.append("    return o.hashCode() == 0 ? -1 : ").append(SITES).append(";\n  }\n")
                .append("  public static long[] small(int n) {\n    return new long[n];\n  }\n}\n");
        Files.writeString(source, java, StandardCharsets.UTF_8);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        if (javac.run(null, null, errors, "-d", dir.toString(), source.toString()) != 0) {
            throw new IllegalStateException("javac failed: " + errors.toString(StandardCharsets.UTF_8));
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[]{dir.toUri().toURL()},
                OversizedMethodApp.class.getClassLoader())) {
            Class<?> tables = loader.loadClass("GeneratedTables");
            Method big = tables.getMethod("big");
            Method small = tables.getMethod("small", int.class);
            System.out.println("big=" + big.invoke(null));
            System.out.println("small=" + ((long[]) small.invoke(null, 100)).length);
            System.out.println("READY");
            long kept = 0;
            for (int i = 0; ; i++) {
                kept += ((long[]) small.invoke(null, 64 + (i & 63))).length;
                if ((i & 0xFFFF) == 0) {
                    Thread.sleep(10);
                }
                if (kept < 0) {
                    System.out.println(kept);
                }
            }
        }
    }
}
