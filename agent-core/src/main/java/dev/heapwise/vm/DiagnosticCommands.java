package dev.heapwise.vm;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;

/**
 * The JVM's diagnostic commands (what {@code jcmd} runs), through the DiagnosticCommand MBean. Each
 * call may pause the application (a live class histogram is a full collection): callers decide when.
 */
public final class DiagnosticCommands {
    private static final String MBEAN = "com.sun.management:type=DiagnosticCommand";

    private DiagnosticCommands() {
    }

    /** {@code GC.class_histogram}: live objects per class, after a full collection. */
    public static String classHistogram() throws Exception {
        return invoke("gcClassHistogram");
    }

    /** {@code GC.heap_info}: the heap's generations or regions, with their address ranges for most collectors. */
    public static String heapInfo() throws Exception {
        return invoke("gcHeapInfo");
    }

    /** {@code GC.run}: what {@code System.gc()} does, but asked by an operator, so -XX:+DisableExplicitGC does not drop it. */
    public static void gcRun() throws Exception {
        invoke("gcRun");
    }

    /** {@code Compiler.directives_add}: pushes the JIT compiler directives of a file; the JVM's answer. */
    public static String compilerDirectivesAdd(String file) throws Exception {
        return invoke("compilerDirectivesAdd", file);
    }

    private static String invoke(String operation, String... args) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Object out = server.invoke(new ObjectName(MBEAN), operation, new Object[]{args},
                new String[]{String[].class.getName()});
        return out == null ? "" : out.toString();
    }
}
