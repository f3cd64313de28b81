package dev.heapwise.instrument;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which methods have their allocated bytes per invocation tracked. {@code trackMethods} patterns are
 * separated by {@code ;}, each a class pattern and a method name pattern joined by the last dot
 * ({@code com.acme.web.*Handler.handle}); {@code *} matches any run of characters. Built in (unless
 * {@code trackHttpHandlers=false}): the JDK HTTP server's handlers, that is every method
 * {@code handle(com.sun.net.httpserver.HttpExchange)} returning void and every lambda body of that shape
 * ({@code server.createContext("/", exchange -> ...)}), so "bytes allocated per request" needs no
 * configuration for applications built on it. Recognised by shape, not by resolving super types,
 * so that deciding costs nothing at transform time.
 */
public final class MethodPatterns {
    static final String HTTP_EXCHANGE_HANDLER = "(Lcom/sun/net/httpserver/HttpExchange;)V";

    private final List<Pattern> classes = new ArrayList<>();
    private final List<Pattern> methods = new ArrayList<>();
    private final List<String> rejected = new ArrayList<>();
    private final boolean httpHandlers;

    public MethodPatterns(String trackMethods, boolean httpHandlers) {
        this.httpHandlers = httpHandlers;
        if (trackMethods == null) {
            return;
        }
        for (String raw : trackMethods.split(";")) {
            String p = raw.trim();
            if (p.isEmpty()) {
                continue;
            }
            int dot = p.lastIndexOf('.');
            if (dot <= 0 || dot == p.length() - 1) {
                rejected.add(p);
                continue;
            }
            classes.add(ClassFilter.glob(p.substring(0, dot)));
            methods.add(ClassFilter.glob(p.substring(dot + 1)));
        }
    }

    /** Patterns that name no method (no {@code Class.method} form): ignored, and said so at start. */
    public List<String> rejected() {
        return List.copyOf(rejected);
    }

    public boolean isEmpty() {
        return classes.isEmpty() && !httpHandlers;
    }

    /** True when some method of this class may be tracked: the class matches a pattern, or built-ins are on. */
    public boolean mayTrackIn(String className) {
        if (httpHandlers) {
            return true;
        }
        for (Pattern c : classes) {
            if (c.matcher(className).matches()) {
                return true;
            }
        }
        return false;
    }

    /** True when this method (by its class, name and descriptor) is tracked. */
    public boolean tracks(String className, String methodName, String descriptor) {
        if (httpHandlers && HTTP_EXCHANGE_HANDLER.equals(descriptor)
                && ("handle".equals(methodName) || methodName.startsWith("lambda$"))) {
            return true;
        }
        for (int i = 0; i < classes.size(); i++) {
            if (methods.get(i).matcher(methodName).matches() && classes.get(i).matcher(className).matches()) {
                return true;
            }
        }
        return false;
    }
}
