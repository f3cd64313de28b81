package dev.heapwise.http;

/** Answers one route: returns the body to serialise as JSON with status 200, or throws {@link ApiException}. */
@FunctionalInterface
public interface Handler {
    Object handle(Request request) throws Exception;
}
