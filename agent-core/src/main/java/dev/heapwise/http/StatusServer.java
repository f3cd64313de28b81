package dev.heapwise.http;

import com.sun.net.httpserver.HttpServer;
import dev.heapwise.runtime.DaemonThreads;
import dev.heapwise.util.OwnedFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;

/**
 * The JDK's HttpServer behind the router, on a fixed daemon executor whose exchanges the router's
 * {@link ExchangeWatchdog} times. The JDK names the two threads
 * it creates itself ("HTTP-Dispatcher", "idle-timeout-task"); they are renamed {@code heapwise-http-*}
 * so every agent thread can be told apart in a thread dump.
 */
public final class StatusServer {
    private static final Logger LOG = LoggerFactory.getLogger(StatusServer.class);

    private final HttpServer server;
    private final ExecutorService executor;
    private final Path portFile;
    private final String configuredHost;
    private final int threads;
    private final Router router;
    /** Set once by {@link #restart} on the server it returns, before anyone else sees it. */
    private int movedFrom;
    private String whyMoved;
    /**
     * The JDK's own threads for this server (its dispatcher, its idle timer): when one dies, the server is dead.
     * An array, read by index: the check runs while the heap may be full, and an iterator is an allocation.
     */
    private final Thread[] serverThreads;

    private StatusServer(HttpServer server, ExecutorService executor, Path portFile, String configuredHost, int threads,
                         Router router, Thread[] serverThreads) {
        this.server = server;
        this.executor = executor;
        this.portFile = portFile;
        this.configuredHost = configuredHost;
        this.threads = threads;
        this.router = router;
        this.serverThreads = serverThreads;
    }

    /**
     * Binds and starts the server. Throws IOException when the address cannot be bound (a port in
     * use): the caller logs one line and runs on without a server.
     */
    public static StatusServer start(String host, int port, int threads, Router router, Path portFile) throws IOException {
        return start(host, port, threads, router, portFile, null);
    }

    /** As above; {@code inst} (may be null) frees the port if the server is bound but cannot be started. */
    private static StatusServer start(String host, int port, int threads, Router router, Path portFile, Instrumentation inst)
            throws IOException {
        InetAddress address = InetAddress.getByName(host);
        // taken before create(): the JDK starts its idle-connection timer there, and the dispatcher in start()
        Set<Thread> before = new HashSet<>(Arrays.asList(DaemonThreads.live()));
        HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 16);
        ExecutorService executor = null;
        try {
            server.createContext("/", router);
            // the router's watchdog times each exchange on these workers (its cutStale runs on the agent's scheduler)
            executor = router.watchdog().executor(threads, DaemonThreads.factory("http"));
            server.setExecutor(executor);
            server.start();
            Thread[] own = renameServerThreads(before);
            if (own.length == 0) {
                LOG.info("the JDK's HTTP server threads were not found by their names on this JDK: a server whose thread"
                        + " dies (an OutOfMemoryError) will not be started again");
            }
            StatusServer s = new StatusServer(server, executor, portFile, host, threads, router, own);
            if (portFile != null) {
                s.writePortFile();
            }
            return s;
        } catch (Throwable t) {
            // bound but not started (an OutOfMemoryError during a restart, say): the port must not stay taken
            release(server, executor, inst);
            throw t;
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * Requests a few answers of every kind from this server (see {@link WarmUp}), so that the classes they
     * take are initialised while there is heap; {@code token} may be null. Returns how many were answered.
     */
    public int warmUp(String token) {
        return WarmUp.run(server.getAddress().getAddress(), port(), token);
    }

    /** The bound address; for a wildcard bind ({@code 0.0.0.0}, {@code ::}) the host as configured. */
    public String host() {
        InetAddress bound = server.getAddress().getAddress();
        return bound.isAnyLocalAddress() ? configuredHost : bound.getHostAddress();
    }

    /**
     * False once a thread of the JDK's server has died. The dispatcher catches no Error: an
     * OutOfMemoryError in it (the application ran the heap out, and the dispatcher allocates for every
     * connection) ends it, and with it the server, while the port stays bound and connections hang.
     */
    public boolean alive() {
        for (int i = 0; i < serverThreads.length; i++) {
            if (!serverThreads[i].isAlive()) {
                return false;
            }
        }
        return true;
    }

    /** The JDK's threads of this server, for tests. */
    List<Thread> serverThreads() {
        return List.of(serverThreads);
    }

    /**
     * A new server with the same router in place of this one, on the same address and port: the dead
     * server's port is freed first ({@link ServerInternals}). Where that port stays taken, on any free port
     * instead, the port file updated: an API that moved is worth more than none. The error that killed the
     * dispatcher can leave the JDK's selector broken so that its listening channel never closes (seen: an
     * OutOfMemoryError while the dispatcher registered an accepted connection left a key without its
     * channel's half, and every close of that selector failed on it). {@link #movedFrom()} then says so.
     */
    public StatusServer restart(Instrumentation inst) throws IOException {
        int port = port();
        String notFreed = release(server, executor, inst);
        try {
            return start(configuredHost, port, threads, router, portFile, inst);
        } catch (BindException taken) {
            StatusServer moved = start(configuredHost, 0, threads, router, portFile, inst);
            moved.movedFrom = port;
            moved.whyMoved = notFreed != null ? notFreed : taken.getMessage();
            return moved;
        }
    }

    /** The port a restart had to leave (still taken), or 0 when it kept its port. */
    public int movedFrom() {
        return movedFrom;
    }

    /** Why the port a restart left could not be taken again; null when it kept its port. */
    public String whyMoved() {
        return whyMoved;
    }

    /**
     * Stops a server whose dispatcher may never have run or may be dead, and frees its port: the listening
     * channel is registered with a selector, and closes only with it. Returns why the port could not be
     * freed, or null.
     */
    private static String release(HttpServer server, ExecutorService executor, Instrumentation inst) {
        server.stop(0);
        if (executor != null) {
            executor.shutdownNow();
        }
        return ServerInternals.closeSelector(server, inst);
    }

    public void stop() {
        int ownPort = port();
        server.stop(0);
        executor.shutdownNow();
        if (portFile != null) {
            OwnedFiles.deleteIfStillOurs(portFile, Integer.toString(ownPort));
        }
    }

    private void writePortFile() {
        try {
            Path abs = portFile.toAbsolutePath();
            if (abs.getParent() != null) {
                Files.createDirectories(abs.getParent());
            }
            Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
            Files.writeString(tmp, port() + System.lineSeparator(), StandardCharsets.US_ASCII);
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            LOG.error("could not write the port file {}: {}", portFile, e.toString());
        }
    }

    /** Renames the threads the JDK started for this server and returns them. */
    private static Thread[] renameServerThreads(Set<Thread> before) {
        List<Thread> found = new ArrayList<>();
        for (Thread t : DaemonThreads.live()) {
            if (before.contains(t)) {
                continue;
            }
            if ("HTTP-Dispatcher".equals(t.getName())) {
                t.setName(DaemonThreads.PREFIX + "http-dispatcher");
                found.add(t);
            } else if ("idle-timeout-task".equals(t.getName())) {
                t.setName(DaemonThreads.PREFIX + "http-idle-timer");
                found.add(t);
            }
        }
        return found.toArray(new Thread[0]);
    }
}
