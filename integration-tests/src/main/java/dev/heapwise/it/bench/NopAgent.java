package dev.heapwise.it.bench;

import java.lang.instrument.Instrumentation;

/** An agent that does nothing: what any -javaagent costs the JVM, for comparison with heapwise. */
public final class NopAgent {
    private NopAgent() {
    }

    public static void premain(String args, Instrumentation instrumentation) {
        // nothing: the point is the JVM's own cost of loading an agent
    }
}
