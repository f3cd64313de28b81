package dev.heapwise.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /}: the dashboard, one page whose script polls the JSON API (profile history, GC, health,
 * leaks, alerts, allocation sites, tuner decisions) and draws it with uPlot. Every file comes from the
 * agent jar (uPlot from its WebJar), read once at start; nothing is fetched from elsewhere, and the
 * page's Content-Security-Policy lets it load nothing but the agent's own files.
 */
public final class DashboardApi {
    static final String ASSETS = "/dashboard";
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline';"
            + " connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final String uplotVersion;

    /** @param uplotVersion the WebJar's version, which names the directory its files sit in */
    public DashboardApi(String uplotVersion) {
        this.uplotVersion = uplotVersion;
    }

    /** Registers the page and its files, or none of them when one is missing from the jar (thrown). */
    public void register(Router router) {
        String uplot = "/META-INF/resources/webjars/uplot/" + uplotVersion + "/dist/";
        String js = "text/javascript; charset=utf-8";
        String css = "text/css; charset=utf-8";
        Map<String, Router.Answer> files = new LinkedHashMap<>();
        files.put("/", file("/dev/heapwise/dashboard/index.html", "text/html; charset=utf-8"));
        files.put(ASSETS + "/app.js", file("/dev/heapwise/dashboard/app.js", js));
        files.put(ASSETS + "/app.css", file("/dev/heapwise/dashboard/app.css", css));
        files.put(ASSETS + "/uplot.js", file(uplot + "uPlot.iife.min.js", js));
        files.put(ASSETS + "/uplot.css", file(uplot + "uPlot.min.css", css));
        files.forEach((path, answer) -> router.get(path, r -> {
            r.allowOnly();
            return answer;
        }));
    }

    private static Router.Answer file(String resource, String contentType) {
        return Router.Answer.raw(contentType, read(resource),
                Map.of("Content-Security-Policy", CSP, "Referrer-Policy", "no-referrer"));
    }

    /** A file the build put in the jar; its absence is a broken build, reported when the server starts. */
    static byte[] read(String resource) {
        try (InputStream in = DashboardApi.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard file " + resource + " is missing from the agent jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
