package dev.heapwise.it;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A child JVM running a sample application, with or without the real agent jar. Its stdout and
 * stderr go to files in its own directory (kept after the test, for reading when one fails), it is
 * driven over stdin ({@link #send}) and its agent over HTTP ({@link #get}, {@link #request}).
 * The child is always killed: by {@link #close}, and by a shutdown hook of the test JVM for any child
 * a crashed or interrupted test left behind.
 */
public final class ForkedJvm implements AutoCloseable {
    public static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);
    /** Agent arguments for a quick test child: any free port, the test profile, a profile every 200 ms. */
    public static final String TEST_AGENT = "port=0,profile=test,profilingInterval=200ms";

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "forked-jvm-reaper"));
    }

    private final Process process;
    private final List<String> command;
    private final Path dir;
    private final Path stdoutFile;
    private final Path stderrFile;
    private final OutputStream stdin;
    private int repliesRead;
    private int port = -1;

    private ForkedJvm(Process process, List<String> command, Path dir, Path stdoutFile, Path stderrFile) {
        this.process = process;
        this.command = command;
        this.dir = dir;
        this.stdoutFile = stdoutFile;
        this.stderrFile = stderrFile;
        this.stdin = process.getOutputStream();
    }

    /** A builder for a child of the current {@link JvmMatrix} combination; skips the test if it cannot run. */
    public static ForkedJvmBuilder builder(String name) {
        return new ForkedJvmBuilder(name);
    }

    /** Registers a child just started, so that it is killed even if the test never closes it. */
    static ForkedJvm started(Process process, List<String> command, Path dir, Path stdoutFile, Path stderrFile) {
        LIVE.add(process);
        return new ForkedJvm(process, command, dir, stdoutFile, stderrFile);
    }

    public long pid() {
        return process.pid();
    }

    public Path dir() {
        return dir;
    }

    /** Where the builder pointed the agent's {@code portFile} (unless the test set its own). */
    public Path portFile() {
        return dir.resolve("port");
    }

    /** Where the builder pointed the agent's {@code tokenFile} (unless the test set its own). */
    public Path tokenFile() {
        return dir.resolve("token");
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    // ---- start-up and exit

    /** Waits until the agent has written its port file; returns the port and keeps it for requests. */
    public int waitForPortFile(Duration timeout) {
        return waitForPortFile(portFile(), timeout);
    }

    public int waitForPortFile(Path file, Duration timeout) {
        String text = Poll.until("port file " + file + " of " + this, timeout, () -> {
            requireAlive("waiting for its port file");
            return readIfPresent(file);
        }, t -> t != null && t.endsWith("\n"));
        port = Integer.parseInt(text.trim());
        return port;
    }

    public int port() {
        if (port < 0) {
            throw new IllegalStateException("no port yet: call waitForPortFile first");
        }
        return port;
    }

    /** Waits for the child to end by itself; returns its exit code, fails (and kills it) at the deadline. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
                throw new AssertionError(this + " did not exit within " + timeout.toMillis() + " ms; log:\n" + log());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        LIVE.remove(process);
        return process.exitValue();
    }

    // ---- stdin commands (ControlledApp)

    /**
     * Sends one command line to the child's stdin and returns its answer ({@code reply <json>} on
     * stdout). An answer carrying {@code error} fails the test.
     */
    public JsonNode send(String commandLine) {
        try {
            stdin.write((commandLine + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new AssertionError("could not send '" + commandLine + "' to " + this + "; log:\n" + log(), e);
        }
        int wanted = repliesRead;
        String line = Poll.until("the answer to '" + commandLine + "' from " + this, ANSWER_TIMEOUT, () -> {
            List<String> replies = replies();
            if (replies.size() <= wanted) {
                requireAlive("answering '" + commandLine + "'");
                return null;
            }
            return replies.get(wanted);
        }, Objects::nonNull);
        repliesRead = wanted + 1;
        JsonNode answer;
        try {
            answer = HttpAnswer.JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("unreadable answer to '" + commandLine + "': " + line, e);
        }
        if (answer.has("error")) {
            throw new AssertionError("'" + commandLine + "' failed in the child: " + answer.get("error").asText());
        }
        return answer;
    }

    /** Complete {@code reply} lines on stdout so far, without the prefix. */
    private List<String> replies() {
        String out = readIfPresent(stdoutFile);
        List<String> replies = new ArrayList<>();
        if (out == null) {
            return replies;
        }
        int end = out.lastIndexOf('\n');
        for (String l : out.substring(0, end + 1).split("\n")) {
            if (l.startsWith("reply ")) {
                replies.add(l.substring("reply ".length()));
            }
        }
        return replies;
    }

    // ---- HTTP

    public HttpAnswer get(String path) {
        return request("GET", path, null);
    }

    /** GET that gives up after {@code timeout} (the others wait 30 s for an answer). */
    public HttpAnswer get(String path, Duration timeout) {
        return request("GET", path, null, null, timeout);
    }

    /**
     * One request to the agent at 127.0.0.1; {@code token} null sends no Authorization header.
     * {@code path} may be relative to {@code /v1/memory} ("status") or absolute ("/v1/memory/status").
     */
    public HttpAnswer request(String method, String path, String token) {
        return request(method, path, token, null);
    }

    /** As {@link #request(String, String, String)}, with a body ({@code application/json}) when not null. */
    public HttpAnswer request(String method, String path, String token, String body) {
        return request(method, path, token, body, Duration.ofSeconds(30));
    }

    private HttpAnswer request(String method, String path, String token, String body, Duration timeout) {
        String full = path.startsWith("/") ? path : "/v1/memory/" + path;
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + full))
                .timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new HttpAnswer(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + full + " to " + this + " failed; log:\n" + log(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** GET that must answer 200 with JSON; returns the JSON. */
    public JsonNode getJson(String path) {
        HttpAnswer a = get(path);
        if (a.status() != 200) {
            throw new AssertionError("GET " + path + " answered " + a);
        }
        return a.json();
    }

    // ---- output

    /** The child's stderr then its stdout: the agent logs to stderr by default, the application to stdout. */
    public String log() {
        return stderr() + stdout();
    }

    public String stderr() {
        String s = readIfPresent(stderrFile);
        return s == null ? "" : s;
    }

    public String stdout() {
        String s = readIfPresent(stdoutFile);
        return s == null ? "" : s;
    }

    /** Waits until a line of the log matches {@code regex}; returns that line. */
    public String awaitLog(String regex, Duration timeout) {
        return awaitIn("the log of " + this, this::log, regex, timeout);
    }

    /** Waits until a line of {@code file} (the agent's log=<file>, say) matches {@code regex}. */
    public String awaitFile(Path file, String regex, Duration timeout) {
        return awaitIn(file.toString(), () -> {
            String s = readIfPresent(file);
            return s == null ? "" : s;
        }, regex, timeout);
    }

    private String awaitIn(String where, Supplier<String> text, String regex, Duration timeout) {
        Pattern p = Pattern.compile("(?m)^.*(?:" + regex + ").*$");
        try {
            return Poll.until("a line matching /" + regex + "/ in " + where, timeout, () -> {
                Matcher m = p.matcher(text.get());
                return m.find() ? m.group() : null;
            }, Objects::nonNull);
        } catch (AssertionError e) {
            throw new AssertionError("no line matching /" + regex + "/ within " + timeout.toMillis()
                    + " ms in " + where + ":\n" + text.get(), e);
        }
    }

    // ---- end

    @Override
    public void close() {
        kill();
        try {
            stdin.close();
        } catch (IOException ignored) {
            // the child is gone; nothing to flush
        }
    }

    private void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LIVE.remove(process);
    }

    private void requireAlive(String doing) {
        if (!process.isAlive()) {
            throw new AssertionError(this + " exited with " + process.exitValue() + " while " + doing
                    + "; command: " + String.join(" ", command) + "\nlog:\n" + log());
        }
    }

    @Override
    public String toString() {
        return "child JVM " + process.pid() + " (" + dir + ")";
    }

    private static String readIfPresent(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String requiredProperty(String name) {
        String v = System.getProperty(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set; run the tests through Maven (failsafe)");
        }
        return v;
    }
}
