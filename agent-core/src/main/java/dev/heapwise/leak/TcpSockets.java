package dev.heapwise.leak;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Names this process's TCP sockets from the kernel's tables ({@code /proc/self/net/tcp} and {@code tcp6}: one
 * line per socket of the network namespace, with its state, both ends and its inode), so that a leak of
 * connections says where to: {@code tcp to 10.0.0.5:5432, ESTABLISHED} (a pool's connections never given
 * back), {@code tcp accepted on :8080, CLOSE_WAIT} (the client hung up and the server never closed its side).
 * Accepted connections are named by the listening port, since their clients' ports differ. The tables cover
 * every process of the namespace, so each is read up to {@link #MAX_CHARS} only: on a host with very many
 * connections, the sockets beyond it stay plain {@code socket}.
 */
final class TcpSockets {
    /** About 13,000 sockets' lines per table. */
    static final int MAX_CHARS = 2 << 20;
    private static final String[] STATES = {"?", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2",
            "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING", "NEW_SYN_RECV"};
    private static final String LISTEN = "LISTEN";
    private static final int LISTEN_STATE = 0x0A;

    /** One socket: its state, both ends' addresses and ports. */
    record Endpoint(String state, String localAddress, int localPort, String remoteAddress, int remotePort) {
        /** For a finding's examples: both ends and the state. */
        String describe() {
            return localAddress + ":" + localPort + " - " + remoteAddress + ":" + remotePort + " " + state;
        }
    }

    /** What a socket is called: its family, and the socket itself as an example of it. */
    record Named(String family, String example) {
    }

    private TcpSockets() {
    }

    /** The name of each of {@code inodes} the tables know, read from this process's network namespace. */
    static Map<Long, Named> groups(Set<Long> inodes) {
        Map<Long, Endpoint> found = new HashMap<>();
        Set<Integer> listening = new HashSet<>();
        // Java's sockets are IPv6 ones (IPv4 peers mapped) unless java.net.preferIPv4Stack is set: tcp6 first, and
        // tcp only for what it did not name, since the kernel walks its whole connection table for each (2-3 ms here)
        for (String table : new String[]{"/proc/self/net/tcp6", "/proc/self/net/tcp"}) {
            if (found.size() < inodes.size()) {
                readTable(Path.of(table), inodes, found, listening);
            }
        }
        return groups(found, listening);
    }

    /**
     * Names each socket: listening, accepted on a port that listens (read from every listening line of the
     * tables, since the listening socket itself may be outside a sample of the descriptors), or connected to a peer.
     */
    static Map<Long, Named> groups(Map<Long, Endpoint> sockets, Set<Integer> listening) {
        Map<Long, Named> out = new HashMap<>();
        sockets.forEach((inode, e) -> {
            String name;
            if (e.state().equals(LISTEN)) {
                name = "tcp listening on :" + e.localPort();
            } else if (listening.contains(e.localPort())) {
                name = "tcp accepted on :" + e.localPort() + ", " + e.state();
            } else {
                name = "tcp to " + e.remoteAddress() + ":" + e.remotePort() + ", " + e.state();
            }
            out.put(inode, new Named(name, e.describe()));
        });
        return out;
    }

    private static void readTable(Path table, Set<Long> inodes, Map<Long, Endpoint> found, Set<Integer> listening) {
        if (!Files.isReadable(table)) {
            return;
        }
        try (BufferedReader in = Files.newBufferedReader(table, StandardCharsets.US_ASCII)) {
            long chars = 0;
            String line = in.readLine(); // the header
            while (line != null && chars < MAX_CHARS) {
                chars += line.length() + 1;
                line = in.readLine();
                if (line != null) {
                    parseLine(line, inodes, found, listening);
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            // the sockets stay plain "socket"
        }
    }

    /**
     * One line of a table: {@code sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...},
     * addresses as hex words in the kernel's byte order. Kept when its inode is one of {@code inodes}; a listening
     * socket's port goes to {@code listening} whoever's it is.
     */
    static void parseLine(String line, Set<Long> inodes, Map<Long, Endpoint> found, Set<Integer> listening) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 10) {
            return;
        }
        int state = Integer.parseInt(f[3], 16);
        if (state == LISTEN_STATE) {
            listening.add(Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16));
        }
        long inode;
        try {
            inode = Long.parseLong(f[9]);
        } catch (NumberFormatException e) {
            return;
        }
        if (!inodes.contains(inode)) {
            return;
        }
        String[] local = f[1].split(":");
        String[] remote = f[2].split(":");
        found.put(inode, new Endpoint(state < STATES.length ? STATES[state] : "?", address(local[0]), Integer.parseInt(local[1], 16),
                address(remote[0]), Integer.parseInt(remote[1], 16)));
    }

    /** An address of the tables: 8 hex digits (IPv4) or 32 (IPv6), each 32-bit word in little-endian order. */
    static String address(String hex) {
        int words = hex.length() / 8;
        byte[] bytes = new byte[words * 4];
        for (int w = 0; w < words; w++) {
            for (int b = 0; b < 4; b++) {
                int at = w * 8 + (3 - b) * 2;
                bytes[w * 4 + b] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        try {
            // an IPv4-mapped IPv6 address comes back as the IPv4 one; no name is looked up
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException e) {
            return hex;
        }
    }
}
