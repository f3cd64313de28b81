package dev.heapwise.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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

    public void register(Router router) {
        String uplot = "/META-INF/resources/webjars/uplot/" + uplotVersion + "/dist/";
        serve(router, "/", "/dev/heapwise/dashboard/index.html", "text/html; charset=utf-8");
        serve(router, ASSETS + "/app.js", "/dev/heapwise/dashboard/app.js", "text/javascript; charset=utf-8");
        serve(router, ASSETS + "/app.css", "/dev/heapwise/dashboard/app.css", "text/css; charset=utf-8");
        serve(router, ASSETS + "/uplot.js", uplot + "uPlot.iife.min.js", "text/javascript; charset=utf-8");
        serve(router, ASSETS + "/uplot.css", uplot + "uPlot.min.css", "text/css; charset=utf-8");
    }

    private static void serve(Router router, String path, String resource, String contentType) {
        byte[] bytes = read(resource);
        Map<String, String> headers = Map.of("Content-Security-Policy", CSP, "Referrer-Policy", "no-referrer");
        router.get(path, r -> {
            r.allowOnly();
            return Router.Answer.raw(contentType, bytes, headers);
        });
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
