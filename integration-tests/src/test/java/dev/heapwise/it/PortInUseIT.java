package dev.heapwise.it;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A port already taken costs the HTTP server, never the application: one error line, no port file. */
class PortInUseIT {

    @Test
    void takenPortLeavesTheApplicationRunningWithoutServer() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();
            try (ForkedJvm child = ForkedJvm.builder("PortInUseIT")
                    .agent("port=" + port + ",profile=test,profilingInterval=200ms").start()) {
                child.awaitLog("heapwise ERROR +\\[[^]]+\\] HTTP server not started: cannot listen on 127\\.0\\.0\\.1:"
                        + port + " \\(.*\\); the application runs on without it", ForkedJvm.START_TIMEOUT);
                // The start line comes after the server attempt: once it is there, so would a port file be.
                child.awaitLog("heapwise \\S+ started \\(premain\\): no HTTP server;", ForkedJvm.START_TIMEOUT);
                assertTrue(child.send("ping").get("pong").asBoolean(), "the application answers");
                assertFalse(Files.exists(child.portFile()), "no port file without a server");
                assertTrue(child.isAlive());
            }
        }
    }
}
