package dev.heapwise.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Cuts the connection of an exchange that has waited on its client too long. The JDK's HttpServer reads
 * a request's headers, and drains a body the handler left unread, on the executor's threads, with
 * blocking reads and no time limit: two clients that stop half-way through a request would hold both
 * workers, and so the whole API, for as long as they keep their sockets open. Those reads are on an
 * interruptible channel, so interrupting the worker closes that one connection and frees the worker.
 *
 * <p>Only time spent on the client counts: a worker is cut when it has been in an exchange for longer
 * than the limit outside the agent's own work (routing, and the handler, which may take seconds: a
 * compaction, a class histogram). The client's time is the JDK reading the request line and headers,
 * the router reading a body, and the answer being written. A client that sends a whole request within
 * the limit, however slowly, is answered.
 *
 * <p>While other exchanges wait for a worker, the limit is {@link #BUSY_LIMIT_MS}: many connections that
 * each send a little and then stall (a slowloris client) would otherwise keep the API away from everyone
 * else for the full limit per connection. A client on a working network sends a request of this API in
 * one or two packets, within milliseconds.
 *
 * <p>An answer being written is timed from the last chunk the socket took ({@link #progress}), and while
 * others wait it is cut after {@link #STALL_LIMIT_MS} without progress: a client that pipelines requests for
 * large answers and never reads fills its socket's buffers, and two such connections held both workers for
 * the full limit, again and again (a hostile-client probe: the API answered 8 of 40 requests in 40 s).
 */
public final class ExchangeWatchdog {
    /** Far above what any client on a working network needs to send a request of at most 64 KB. */
    public static final long DEFAULT_LIMIT_MS = 10_000;
    /** The limit while exchanges are queued behind the workers. */
    public static final long BUSY_LIMIT_MS = 200;
    /**
     * The limit, while exchanges are queued, on an answer the client has stopped taking. Longer than the busy
     * limit: a worker starved of CPU (five JVMs starting at once) writes nothing for a while without any
     * client stalling, and an answer once cut after its headers that way.
     */
    public static final long STALL_LIMIT_MS = 1000;
    /** How often {@link #cutStale} should run: often enough for the busy limit to mean what it says. */
    public static final long CHECK_INTERVAL_MS = 100;

    private final long limitNanos;
    private final long busyLimitNanos;
    private final long stallLimitNanos;
    private final Map<Thread, Phase> phases = new ConcurrentHashMap<>();
    private volatile ThreadPoolExecutor pool;

    /** One worker's state; guarded by itself, so a cut never lands on the worker's next exchange. */
    private static final class Phase {
        boolean inExchange;
        boolean working;
        /** The handler has answered: the time now is the answer's being written. */
        boolean answered;
        long sinceNanos;
    }

    public ExchangeWatchdog(long limitMs) {
        this(limitMs, Math.min(limitMs, BUSY_LIMIT_MS));
    }

    public ExchangeWatchdog(long limitMs, long busyLimitMs) {
        this.limitNanos = TimeUnit.MILLISECONDS.toNanos(limitMs);
        this.busyLimitNanos = TimeUnit.MILLISECONDS.toNanos(busyLimitMs);
        this.stallLimitNanos = TimeUnit.MILLISECONDS.toNanos(Math.min(limitMs, Math.max(busyLimitMs, STALL_LIMIT_MS)));
    }

    /** A fixed pool of {@code threads} workers whose exchanges this watchdog times. */
    public ExecutorService executor(int threads, ThreadFactory factory) {
        ThreadPoolExecutor workers = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), factory) {
            @Override
            protected void beforeExecute(Thread t, Runnable r) {
                markSafely(true);
            }

            @Override
            protected void afterExecute(Runnable r, Throwable t) {
                markSafely(false);
            }
        };
        pool = workers;
        return workers;
    }

    /**
     * Nothing may leave the pool's hooks: an Error there ends the worker, the pool starts another for the
     * next exchange, and under an OutOfMemoryError that became thousands of threads started and ended a
     * second. An exchange left untimed is the lesser harm.
     */
    private void markSafely(boolean inExchange) {
        try {
            mark(inExchange, false);
        } catch (Throwable untimed) {
            // no heap for the bookkeeping: this exchange goes untimed
        }
    }

    /**
     * The agent's own work begins on this thread (routing, the handler): its time is not the client's. The
     * router calls it as soon as the JDK hands it the exchange, with the request's headers read: a worker
     * starved of CPU (a JVM starting, its JIT compiling) may take longer than the busy limit to route and
     * answer even a 401, and was once cut that way before it wrote a byte.
     */
    void workStarted() {
        mark(true, true);
    }

    /** The worker waits on the client again: reading a request body, which a client may stop sending. */
    void awaitingClient() {
        mark(true, false);
    }

    /** The agent's own work is done; writing the answer (and draining the request) is the client's time again. */
    void workEnded() {
        progress(); // the answer starts: timed from here as from each chunk the socket takes
    }

    /** The socket took another chunk of the answer: the client is reading, its time starts again. */
    void progress() {
        mark(true, false, true);
    }

    private void mark(boolean inExchange, boolean working) {
        mark(inExchange, working, false);
    }

    private void mark(boolean inExchange, boolean working, boolean answered) {
        Phase p = phases.computeIfAbsent(Thread.currentThread(), t -> new Phase());
        synchronized (p) {
            p.inExchange = inExchange;
            p.working = working;
            p.answered = answered;
            p.sinceNanos = System.nanoTime();
        }
    }

    /**
     * Interrupts every worker that has waited on its client longer than the limit; returns how many. While
     * others wait, a request still being read (where a slowloris client stalls) gets the busy limit and an
     * answer the client stopped taking the stall limit.
     */
    public int cutStale() {
        ThreadPoolExecutor workers = pool;
        boolean othersWait = workers != null && !workers.getQueue().isEmpty();
        long now = System.nanoTime();
        int cut = 0;
        for (Map.Entry<Thread, Phase> e : phases.entrySet()) {
            Thread worker = e.getKey();
            if (!worker.isAlive()) {
                phases.remove(worker);
                continue;
            }
            Phase p = e.getValue();
            synchronized (p) {
                long limit = !othersWait ? limitNanos : p.answered ? stallLimitNanos : busyLimitNanos;
                if (p.inExchange && !p.working && now - p.sinceNanos > limit) {
                    worker.interrupt(); // closes the channel it is blocked on; the pool clears the flag before its next task
                    p.sinceNanos = now;
                    cut++;
                }
            }
        }
        return cut;
    }
}
