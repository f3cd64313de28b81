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

    /**
     * The live platform threads, from the root thread group: no stack is captured and no safepoint
     * is needed, unlike {@code Thread.getAllStackTraces()}.
     */
    public static Thread[] live() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int n;
        while ((n = root.enumerate(threads, true)) == threads.length) {
            threads = new Thread[threads.length * 2];
        }
        return java.util.Arrays.copyOf(threads, n);
    }

    /** How many live threads are the agent's. */
    public static int countOwn() {
        int n = 0;
        for (Thread t : live()) {
            if (t.getName().startsWith(PREFIX)) {
                n++;
            }
        }
        return n;
    }

    public static Thread named(Runnable r, String name) {
        Thread t = new Thread(r, name.startsWith(PREFIX) ? name : PREFIX + name);
        t.setDaemon(true);
        return t;
    }
}
