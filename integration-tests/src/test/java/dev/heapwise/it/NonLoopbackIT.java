package dev.heapwise.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bound to every interface (host=0.0.0.0), the server is reachable from other machines, so every
 * request, GETs included, needs the bearer token from the token file.
 */
class NonLoopbackIT {
    private static ForkedJvm child;
    private static String token;

    @BeforeAll
    static void start() throws IOException {
        child = ForkedJvm.builder("NonLoopbackIT").agent(ForkedJvm.TEST_AGENT + ",host=0.0.0.0").start();
        child.waitForPortFile(ForkedJvm.START_TIMEOUT);
        token = Files.readString(child.tokenFile()).trim();
    }

    @AfterAll
    static void stop() {
        if (child != null) {
            child.close();
        }
    }

    @Test
    void getWithoutTokenIs401WithAChallenge() {
        HttpAnswer a = child.request("GET", "status", null);
        assertEquals(401, a.status(), a.toString());
        assertTrue(a.header("WWW-Authenticate").startsWith("Bearer"), a.header("WWW-Authenticate"));
        EndpointsIT.assertJsonError(a, 401);
    }

    @Test
    void getWithWrongTokenIs401() {
        HttpAnswer a = child.request("GET", "status", token + "x");
        assertEquals(401, a.status(), a.toString());
        EndpointsIT.assertJsonError(a, 401);
        assertEquals(401, child.request("GET", "profile", "not-the-token").status());
    }

    @Test
    void everyEndpointAnswersWithTheTokenFromTheFile() throws IOException {
        for (String e : EndpointsIT.ENDPOINTS) {
            HttpAnswer a = child.request("GET", e, token);
            assertEquals(200, a.status(), e + " -> " + a);
        }
        var status = child.request("GET", "status", token).json();
        assertEquals("all", status.at("/server/auth").asText(), "off loopback every request needs the token");
        // The JDK binds 0.0.0.0 as the dual-stack wildcard and reports it as 0:0:0:0:0:0:0:0: either
        // spelling means every interface, which is what matters here.
        String host = status.at("/server/host").asText();
        assertTrue(InetAddress.getByName(host).isAnyLocalAddress(), "bound to every interface: " + host);
    }

    /**
     * Every request means every method: a POST without the token (or with a wrong one) is refused
     * before anything else is said about the route, such as which methods it allows.
     */
    @Test
    void postWithoutOrWithWrongTokenIs401() {
        for (String t : new String[] {null, "not-the-token"}) {
            HttpAnswer a = child.request("POST", "status", t);
            assertEquals(401, a.status(), "POST with token " + t + " -> " + a + " Allow: " + a.header("Allow"));
            EndpointsIT.assertJsonError(a, 401);
        }
        assertEquals(405, child.request("POST", "status", token).status(), "with the token, the method is judged");
    }

    /** Without the token even an unknown path says nothing about what exists: 401, not 404. */
    @Test
    void unknownPathWithoutTokenIs401() {
        assertEquals(401, child.request("GET", "/v1/memory/nope", null).status());
        assertEquals(404, child.request("GET", "/v1/memory/nope", token).status());
    }
}
