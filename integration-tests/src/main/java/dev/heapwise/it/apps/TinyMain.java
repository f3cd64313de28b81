package dev.heapwise.it.apps;

/**
 * A main that prints one line and returns. With the agent attached the JVM must still exit at once:
 * every agent thread is a daemon. Also the baseline for measuring the start-up time the agent adds.
 */
public final class TinyMain {
    private TinyMain() {
    }

    public static void main(String[] args) {
        System.out.println("tiny main done");
    }
}
