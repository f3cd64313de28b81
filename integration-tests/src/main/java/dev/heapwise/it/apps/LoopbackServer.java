package dev.heapwise.it.apps;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** The application's own server on the loopback, started on first use: the far end of the scenarios' sockets. */
final class LoopbackServer {
    private static ServerSocket server;

    private LoopbackServer() {
    }

    static synchronized ServerSocket get() throws IOException {
        if (server == null) {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        }
        return server;
    }
}
