package dev.heapwise.runtime;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Every thread the agent starts: a daemon named {@code heapwise-<role>-<n>}, never holding the JVM open. */
public final class DaemonThreads {
    public static final String PREFIX = "heapwise-";

    private DaemonThreads() {
    }

    public static ThreadFactory factory(String role) {
        AtomicInteger n = new AtomicInteger();
        return r -> named(r, PREFIX + role + "-" + n.incrementAndGet());
    }

    public static Thread named(Runnable r, String name) {
        Thread t = new Thread(r, name.startsWith(PREFIX) ? name : PREFIX + name);
        t.setDaemon(true);
        return t;
    }
}
