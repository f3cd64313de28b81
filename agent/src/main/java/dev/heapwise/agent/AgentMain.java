package dev.heapwise.agent;

import java.lang.instrument.Instrumentation;

/**
 * The agent's entry points. They never throw: configuration and the allocation rewriter are set up
 * before they return (the application's classes must load rewritten), and everything else starts on
 * a daemon thread beside the application. A second start in the same JVM (the flag given twice, or an attach after -javaagent) is
 * detected through a system property that any copy of this class can see, and is a logged no-op.
 */
public final class AgentMain {
    /** Set once the agent started in this JVM; read by every copy of the agent, whichever loader. */
    static final String ACTIVE_PROPERTY = "dev.heapwise.agent.active";

    private AgentMain() {
    }

    public static void premain(String args, Instrumentation instrumentation) {
        start(args, instrumentation, "premain");
    }

    public static void agentmain(String args, Instrumentation instrumentation) {
        start(args, instrumentation, "agentmain");
    }

    /** {@code java -jar heapwise-agent.jar}: say how to use it rather than fail obscurely. */
    public static void main(String[] args) {
        System.out.println("heapwise is a Java agent: start your application with"
                + " -javaagent:heapwise-agent.jar[=key=value,...]");
    }

    private static void start(String args, Instrumentation instrumentation, String how) {
        long t0 = System.nanoTime();
        try {
            synchronized (AgentMain.class) {
                if (System.getProperty(ACTIVE_PROPERTY) != null) {
                    reportSecondStart(how);
                    return;
                }
                System.setProperty(ACTIVE_PROPERTY, how);
            }
            dev.heapwise.runtime.AgentRuntime.premain(args, instrumentation, how, t0);
        } catch (Throwable t) {
            System.err.println("heapwise: could not start (" + t + "); the application runs on without it");
        }
    }

    private static void reportSecondStart(String how) {
        try {
            dev.heapwise.runtime.AgentRuntime.reportSecondStart(how, System.getProperty(ACTIVE_PROPERTY));
        } catch (Throwable t) {
            System.err.println("heapwise: already started in this JVM; this " + how + " start is ignored");
        }
    }
}
