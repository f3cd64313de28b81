package dev.heapwise.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whether a request was addressed to this machine by a name only this machine answers to: {@code localhost}
 * (and {@code *.localhost}), a loopback address, or the machine's own host name. On a loopback binding GETs
 * need no token, and a web page could otherwise read them through DNS rebinding: a name the attacker controls
 * first points at the attacker's server, then at 127.0.0.1, and the browser sends the page's requests with
 * that name in {@code Host}. No lookup is made here: only names that cannot be an attacker's are accepted.
 */
final class LocalNames {
    private static final Pattern LOOPBACK_V4 = Pattern.compile("127(\\.\\d{1,3}){3}");
    /** The kernel's host name, read once (no DNS); Debian maps it to 127.0.1.1, so local clients may use it. */
    private static final String HOST_NAME = readHostName();

    private LocalNames() {
    }

    /** True for a {@code Host} header (or an absolute URI's host) naming this machine; true when there is none. */
    static boolean isLocal(String host) {
        if (host == null || host.isBlank()) {
            return true; // no name at all: not a browser's request, which always carries one
        }
        String name = withoutPort(host.trim()).toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        return name.equals("localhost") || name.endsWith(".localhost") || LOOPBACK_V4.matcher(name).matches()
                || name.equals("::1") || name.equals("0:0:0:0:0:0:0:1") || (!HOST_NAME.isEmpty() && name.equals(HOST_NAME));
    }

    private static String withoutPort(String host) {
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            return close < 0 ? host : host.substring(1, close);
        }
        int colon = host.indexOf(':');
        return colon >= 0 && colon == host.lastIndexOf(':') ? host.substring(0, colon) : host;
    }

    private static String readHostName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim().toLowerCase(Locale.ROOT);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
