package dev.heapwise.http;

import com.sun.net.httpserver.HttpServer;
import dev.heapwise.runtime.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.HashSet;
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

    private StatusServer(HttpServer server, ExecutorService executor, Path portFile, String configuredHost) {
        this.server = server;
        this.executor = executor;
        this.portFile = portFile;
        this.configuredHost = configuredHost;
    }

    /**
     * Binds and starts the server. Throws IOException when the address cannot be bound (a port in
     * use): the caller logs one line and runs on without a server.
     */
    public static StatusServer start(String host, int port, int threads, Router router, Path portFile) throws IOException {
        InetAddress address = InetAddress.getByName(host);
        // taken before create(): the JDK starts its idle-connection timer there, and the dispatcher in start()
        Set<Thread> before = new HashSet<>(Arrays.asList(DaemonThreads.live()));
        HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 16);
        server.createContext("/", router);
        // the router's watchdog times each exchange on these workers (its cutStale runs on the agent's scheduler)
        ExecutorService executor = router.watchdog().executor(threads, DaemonThreads.factory("http"));
        server.setExecutor(executor);
        server.start();
        renameServerThreads(before);
        StatusServer s = new StatusServer(server, executor, portFile, host);
        if (portFile != null) {
            s.writePortFile();
        }
        return s;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The bound address; for a wildcard bind ({@code 0.0.0.0}, {@code ::}) the host as configured. */
    public String host() {
        InetAddress bound = server.getAddress().getAddress();
        return bound.isAnyLocalAddress() ? configuredHost : bound.getHostAddress();
    }

    public void stop() {
        server.stop(0);
        executor.shutdownNow();
        if (portFile != null) {
            try {
                Files.deleteIfExists(portFile);
            } catch (IOException ignored) {
                // best effort at shutdown
            }
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

    private static void renameServerThreads(Set<Thread> before) {
        for (Thread t : DaemonThreads.live()) {
            if (before.contains(t)) {
                continue;
            }
            if ("HTTP-Dispatcher".equals(t.getName())) {
                t.setName(DaemonThreads.PREFIX + "http-dispatcher");
            } else if ("idle-timeout-task".equals(t.getName())) {
                t.setName(DaemonThreads.PREFIX + "http-idle-timer");
            }
        }
    }
}
