package dev.heapwise.http;

import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real JDK server whose dispatcher thread dies, as an OutOfMemoryError kills it: {@code Thread.stop}
 * throws the same kind of Error into it (JDK 17-19; later JDKs refuse, and the test is skipped there;
 * {@code OutOfMemoryIT} covers every JDK with a real full heap).
 */
class StatusServerTest {

    private static StatusServer serverWithDeadDispatcher() throws Exception {
        return serverWithDeadDispatcher(s -> { });
    }

    /** @param beforeDeath what to do with the live server before its dispatcher dies */
    private static StatusServer serverWithDeadDispatcher(java.util.function.Consumer<StatusServer> beforeDeath) throws Exception {
        Router router = new Router(new Authenticator("t", false));
        router.get("/ping", r -> Map.of("pong", true));
        StatusServer s = StatusServer.start("127.0.0.1", 0, 1, router, null);
        beforeDeath.accept(s);
        Thread dispatcher = s.serverThreads().stream().filter(t -> t.getName().endsWith("http-dispatcher")).findFirst()
                .orElseThrow();
        try {
            stop(dispatcher);
        } catch (UnsupportedOperationException gone) {
            s.stop();
            assumeTrue(false, "Thread.stop is gone on this JDK");
        }
        dispatcher.join(5000);
        return s;
    }

    @SuppressWarnings({"deprecation", "removal"})
    private static void stop(Thread t) {
        t.stop();
    }

    private static int ping(int port) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ping"))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void aServerWhoseDispatcherDiedIsStartedAgainOnItsOwnPort() throws Exception {
        StatusServer dead = serverWithDeadDispatcher();
        int port = dead.port();
        assertThat(dead.alive()).isFalse();
        StatusServer again = dead.restart(ByteBuddyAgent.install());
        try {
            assertThat(again.port()).isEqualTo(port);
            assertThat(again.alive()).isTrue();
            assertThat(ping(port)).isEqualTo(200);
        } finally {
            again.stop();
        }
    }

    /**
     * A client that kept its connection to the dead server alive (an HTTP client's pool, a scraper) must not
     * wait on it for its own timeout: the restart closes it, so the client connects to the new server.
     */
    @Test
    void theDeadServersKeptAliveConnectionsAreClosedByTheRestart() throws Exception {
        java.net.Socket[] kept = new java.net.Socket[1];
        StatusServer dead = serverWithDeadDispatcher(live -> {
            try {
                kept[0] = new java.net.Socket("127.0.0.1", live.port());
                kept[0].getOutputStream().write("GET /ping HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                // the whole answer, which may come in more than one segment: nothing of it may be left to read later
                StringBuilder answer = new StringBuilder();
                byte[] buf = new byte[4096];
                while (!answer.toString().endsWith("}")) {
                    int n = kept[0].getInputStream().read(buf);
                    assertThat(n).as("the first answer, whole").isPositive();
                    answer.append(new String(buf, 0, n, java.nio.charset.StandardCharsets.US_ASCII));
                }
                assertThat(answer.toString()).startsWith("HTTP/1.1 200");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        StatusServer again = dead.restart(ByteBuddyAgent.install());
        try (java.net.Socket old = kept[0]) {
            old.setSoTimeout(5000);
            int read;
            try {
                old.getOutputStream().write("GET /ping HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                read = old.getInputStream().read();
            } catch (java.net.SocketTimeoutException hung) {
                throw new AssertionError("the old connection was left open: a kept-alive client would hang on it");
            } catch (IOException reset) {
                read = -1;
            }
            assertThat(read).as("the old connection is closed").isEqualTo(-1);
            assertThat(ping(again.port())).isEqualTo(200);
        } finally {
            again.stop();
        }
    }

    /**
     * A dead server whose port cannot be freed (here without the agent's Instrumentation; in the field, a
     * selector the fatal error left broken): the restart moves to a free port rather than leave no API, and
     * says from where and why.
     */
    @Test
    void aPortThatCannotBeFreedMovesTheServerAndSaysWhy() throws Exception {
        StatusServer dead = serverWithDeadDispatcher();
        int port = dead.port();
        StatusServer moved = dead.restart(null);
        try {
            assertThat(moved.port()).isNotEqualTo(port);
            assertThat(moved.movedFrom()).isEqualTo(port);
            assertThat(moved.whyMoved()).contains("Instrumentation");
            assertThat(moved.alive()).isTrue();
            assertThat(ping(moved.port())).isEqualTo(200);
        } finally {
            moved.stop();
        }
    }
}
