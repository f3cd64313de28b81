package dev.heapwise.runtime;

import dev.heapwise.alert.Alerts;
import dev.heapwise.compaction.Compactor;
import dev.heapwise.config.AgentConfig;
import dev.heapwise.config.ConfigKeys;
import dev.heapwise.gc.GcMonitor;
import dev.heapwise.health.HealthScorer;
import dev.heapwise.http.AlertApi;
import dev.heapwise.http.AllocationApi;
import dev.heapwise.http.Authenticator;
import dev.heapwise.http.CompactionApi;
import dev.heapwise.http.DashboardApi;
import dev.heapwise.http.ExchangeWatchdog;
import dev.heapwise.http.LeakApi;
import dev.heapwise.http.MemoryApi;
import dev.heapwise.http.MetricsApi;
import dev.heapwise.http.OptimizeApi;
import dev.heapwise.http.PoolApi;
import dev.heapwise.http.Router;
import dev.heapwise.http.StatusServer;
import dev.heapwise.http.TokenStore;
import dev.heapwise.http.TunerApi;
import dev.heapwise.leak.Finding;
import dev.heapwise.log.LogOnce;
import dev.heapwise.leak.LeakDetection;
import dev.heapwise.metrics.HeapwiseMetrics;
import dev.heapwise.pool.BufferPools;
import dev.heapwise.profile.MemoryProfiler;
import dev.heapwise.sampling.AllocationProfiling;
import dev.heapwise.tuner.GcTuner;
import dev.heapwise.util.HeapRoom;
import dev.heapwise.vm.VmFlags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The agent's HTTP side: the API token, a router with every API on it, and the server listening for
 * them. A host that cannot be resolved or a port that is taken leaves no server (one error line) and
 * the application running.
 */
final class ApiServer {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    /** The parts the APIs read and act on; a part that is off is null (its API then says why). */
    record Parts(MemoryProfiler profiler, GcMonitor gc, HealthScorer health, GcTuner tuner, Compactor compactor,
                 Alerts alerts, AllocationProfiling allocations, String allocationOffReason, LeakDetection leaks,
                 Supplier<List<Finding>> leakFindings) {
    }

    /** Runs a task on the agent's schedule (failures logged once by the scheduler). */
    interface Schedule {
        void every(Duration period, String what, Runnable task);
    }

    /** How often the JDK's server threads are checked for life. */
    private static final Duration SERVER_CHECK = Duration.ofSeconds(1);
    /**
     * Free heap a restart waits for: closing the dead server and starting one takes far less (its channels,
     * selector, timer and threads), and an OutOfMemoryError half-way through the JDK's close of the listening
     * channel left it marked closed yet bound, its port lost for the JVM's life (seen in OutOfMemoryIT on
     * 17-Parallel: every later restart failed with "Address already in use"). Where the JVM acts on an
     * OutOfMemoryError itself (a heap dump, an exit), room is read from the heap's figures only.
     */
    private static final int RESTART_ROOM_BYTES = 4 << 20;
    /** The longest pause between two failed restarts. */
    private static final Duration MAX_RETRY_DELAY = Duration.ofMinutes(1);

    private final TokenStore token;
    private final Router router;
    private final boolean everyRequestNeedsToken;
    private final Instrumentation instrumentation;
    private volatile StatusServer server;
    /** Set by {@link #stop}: a server stopped on purpose is never started again. */
    private volatile boolean stopped;
    private long nextTryNanos = System.nanoTime();
    private long retryDelayMs = SERVER_CHECK.toMillis();
    private final LogOnce restartFailures = new LogOnce();
    private final HeapRoom heapRoom = HeapRoom.of(VmFlags.hotSpot()::get);

    private ApiServer(TokenStore token, Router router, boolean everyRequestNeedsToken, Instrumentation instrumentation,
                      StatusServer server) {
        this.instrumentation = instrumentation;
        this.token = token;
        this.router = router;
        this.everyRequestNeedsToken = everyRequestNeedsToken;
        this.server = server;
    }

    /**
     * Starts the server, or returns null (logged) when its host cannot be resolved. {@code instrumentation}
     * (null when the JVM gave none) lets a server whose thread died be started again on its own port.
     */
    static ApiServer start(AgentConfig config, Parts parts, Supplier<StatusReport> status, Schedule schedule,
                           Instrumentation instrumentation) {
        String host = config.get(ConfigKeys.HOST);
        int port = config.get(ConfigKeys.PORT);
        boolean loopback;
        try {
            loopback = InetAddress.getByName(host).isLoopbackAddress();
        } catch (IOException e) {
            LOG.error("HTTP server not started: host '{}' cannot be resolved ({}); the application runs on without it",
                    host, e.getMessage());
            return null;
        }
        TokenStore token = resolveToken(config, loopback);
        Router router = new Router(new Authenticator(token.token(), !loopback));
        register(router, config, parts, status);
        String portFile = config.get(ConfigKeys.PORT_FILE);
        StatusServer server = null;
        try {
            server = StatusServer.start(host, port, config.get(ConfigKeys.HTTP_THREADS), router,
                    portFile == null ? null : Path.of(portFile));
            schedule.every(Duration.ofMillis(ExchangeWatchdog.CHECK_INTERVAL_MS), "HTTP watchdog", router.watchdog()::cutStale);
        } catch (IOException | RuntimeException e) {
            LOG.error("HTTP server not started: cannot listen on {}:{} ({}); the application runs on without it",
                    host, port, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        ApiServer api = new ApiServer(token, router, !loopback, instrumentation, server);
        if (server != null) {
            schedule.every(SERVER_CHECK, "HTTP server check", api::restartIfDead);
        }
        return api;
    }

    /**
     * Starts the server anew when a thread of the JDK's server died: an application that runs its heap out
     * can kill the dispatcher (it catches no Error), and the API is most wanted right after. It waits for
     * heap room first ({@link #RESTART_ROOM_BYTES}). A failed attempt, or no room, is tried again after 1 s,
     * then 2, 4, ... up to a minute: a failed bind costs the JDK a socket, and a probe for room that finds
     * none has made the collector run, so neither may repeat every second for ever. Synchronized with
     * {@link #stop}: a stop during a restart leaves nothing listening.
     */
    private synchronized void restartIfDead() {
        StatusServer s = server;
        if (s == null || stopped || s.alive() || System.nanoTime() - nextTryNanos < 0) {
            return;
        }
        if (!heapRoom.has(RESTART_ROOM_BYTES)) {
            backOff(); // the heap still full: closing the dead server now could fail half-way and hold its port for good
            return;
        }
        try {
            StatusServer fresh = s.restart(instrumentation);
            server = fresh;
            retryDelayMs = SERVER_CHECK.toMillis();
            if (fresh.movedFrom() == 0) {
                LOG.warn("the HTTP server's own thread had died (an OutOfMemoryError in the application's heap?);"
                        + " the server was started again on port {}", fresh.port());
            } else {
                LOG.warn("the HTTP server's own thread had died (an OutOfMemoryError in the application's heap?) and its"
                        + " port {} stays taken ({}); the server was started again on port {}, and the port file says so",
                        fresh.movedFrom(), fresh.whyMoved(), fresh.port());
            }
        } catch (Throwable t) {
            backOff();
            restartFailures.warn(LOG, "restart", "the HTTP server could not be started again yet; tried again"
                    + " after a pause that doubles up to a minute", t);
        }
    }

    /** The next attempt after a pause that doubles up to a minute (allocates nothing). */
    private void backOff() {
        nextTryNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(retryDelayMs);
        retryDelayMs = Math.min(MAX_RETRY_DELAY.toMillis(), retryDelayMs * 2);
    }

    private static void register(Router router, AgentConfig config, Parts parts, Supplier<StatusReport> status) {
        new MemoryApi(parts.profiler(), parts.gc(), parts.health(), config, status::get, parts.tuner(), parts.leakFindings())
                .register(router);
        if (parts.tuner() != null) {
            new TunerApi(parts.tuner()).register(router);
        }
        new CompactionApi(parts.compactor()).register(router);
        new AlertApi(parts.alerts()).register(router);
        BufferPools.instance().maxTotalBytes(config.get(ConfigKeys.MAX_POOL_SIZE));
        new PoolApi(BufferPools.instance(), parts.profiler(), parts.allocations(),
                config.get(ConfigKeys.POOL_CANDIDATE_MIN_RATE)).register(router);
        new OptimizeApi(parts.leaks(), parts.tuner(), parts.compactor(), config.get(ConfigKeys.COMPACTION_THRESHOLD))
                .register(router);
        new AllocationApi(parts.allocations(), parts.allocationOffReason()).register(router);
        new LeakApi(parts.leaks()).register(router);
        new MetricsApi(new HeapwiseMetrics(new HeapwiseMetrics.Sources(parts.profiler(), parts.gc(), parts.health(),
                parts.leakFindings(), parts.alerts(), parts.allocations(), parts.tuner(), parts.compactor(),
                BufferPools.instance()), AgentVersion.get(),
                CollectorName.of(parts.gc().collectors().stream().map(GcMonitor.Collector::name).toList()),
                System.getProperty("java.runtime.version"))).register(router);
        try {
            new DashboardApi(AgentVersion.uplot()).register(router);
        } catch (RuntimeException e) {
            LOG.error("the dashboard page is off: {}; the JSON API and /metrics answer as usual", e.getMessage());
        }
    }

    /** The configured token, or one generated into a file only this user can read. */
    private static TokenStore resolveToken(AgentConfig config, boolean loopback) {
        String configured = config.get(ConfigKeys.TOKEN);
        if (configured != null) {
            return TokenStore.configured(configured);
        }
        String file = config.get(ConfigKeys.TOKEN_FILE);
        Path path = file == null ? TokenStore.defaultFile() : Path.of(file);
        if (file == null) {
            TokenStore.removeStale(path.getParent());
        }
        try {
            TokenStore store = TokenStore.generate(path);
            LOG.info("API token written to {} (mode 0600); {} need 'Authorization: Bearer <token>'", path,
                    loopback ? "POST requests" : "all requests (the server is reachable off loopback)");
            return store;
        } catch (IOException | RuntimeException e) {
            LOG.error("the API token could not be written to {} ({}); POST endpoints cannot be used until token= is set",
                    path, e.toString());
            return TokenStore.unwritten();
        }
    }

    /**
     * A few real requests of every kind to the server (see {@code WarmUp}), once the runtime holds this
     * object, so that its status answer is whole: the classes they take are then initialised while there is heap.
     */
    void warmUp() {
        StatusServer s = server;
        if (s != null) {
            LOG.debug("HTTP warm-up: {} requests answered", s.warmUp(token.token()));
        }
    }

    boolean listening() {
        return server != null;
    }

    /** Where the API answers, for the start line; null without a server. */
    String url() {
        if (server == null) {
            return null;
        }
        String host = server.host().contains(":") ? "[" + server.host() + "]" : server.host();
        return "http://" + host + ":" + server.port() + MemoryApi.BASE;
    }

    /** The server's part of the status report; null without a server. */
    StatusReport.Server describe() {
        return server == null ? null : new StatusReport.Server(server.host(), server.port(),
                everyRequestNeedsToken ? "all" : "post", token.file() == null ? null : token.file().toString(),
                router.describe());
    }

    /** Stops listening and removes the token file the agent wrote. */
    synchronized void stop() {
        stopped = true;
        if (server != null) {
            server.stop();
        }
        token.delete();
    }
}
