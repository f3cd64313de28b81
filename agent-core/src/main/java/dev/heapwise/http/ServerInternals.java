package dev.heapwise.http;

import com.sun.net.httpserver.HttpServer;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Field;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.Set;

/**
 * Frees the port of a JDK HttpServer whose dispatcher thread died, and closes the connections it left
 * open. {@code HttpServer.stop} closes the listening channel, but a channel registered with a selector is
 * only really closed when that selector next selects or is closed, and only the dead dispatcher ever did
 * either: the port stays bound and a new server cannot take it. So the server's selector is closed here,
 * through the JDK's internals ({@code sun.net.httpserver}: {@code HttpServerImpl.server},
 * {@code ServerImpl.selector}, the same on JDK 17 and 25), opened to the agent alone with the agent's
 * {@link Instrumentation}.
 */
final class ServerInternals {
    private ServerInternals() {
    }

    /** Closes the server's selector; the reason it could not, or null when it did. */
    static String closeSelector(HttpServer server, Instrumentation inst) {
        if (inst == null) {
            return "the agent has no Instrumentation to reach the JDK's server internals with";
        }
        try {
            Module httpserver = server.getClass().getModule();
            Module agent = ServerInternals.class.getModule();
            if (!httpserver.isOpen("sun.net.httpserver", agent)) {
                inst.redefineModule(httpserver, Set.of(), Map.of(), Map.of("sun.net.httpserver", Set.of(agent)), Set.of(),
                        Map.of());
            }
            Object impl = field(server.getClass(), "server").get(server);
            Selector selector = (Selector) field(impl.getClass(), "selector").get(impl);
            selector.close();
            closeConnections(impl);
            return null;
        } catch (Throwable t) {
            return t.toString();
        }
    }

    /**
     * Closes the dead server's open connections ({@code ServerImpl.allConnections}, each
     * {@code HttpConnection.chan}): nothing reads them any more, and a client that kept one alive (an HTTP
     * client's pool, a scraper's keep-alive) would send its next request into it and wait for its own timeout
     * rather than connect to the new server (seen in CI: a test's pooled connection hung for 30 s after a
     * restart). Closed, the client sees a reset and connects again.
     */
    private static void closeConnections(Object serverImpl) throws ReflectiveOperationException {
        Set<?> connections = (Set<?>) field(serverImpl.getClass(), "allConnections").get(serverImpl);
        Object[] open;
        synchronized (connections) {
            open = connections.toArray();
        }
        for (Object connection : open) {
            try {
                ((SocketChannel) field(connection.getClass(), "chan").get(connection)).close();
            } catch (Throwable alreadyGone) {
                // a connection that cannot be closed is one the client will time out on, as before
            }
        }
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field f = type.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }
}
