package dev.heapwise.instrument;

/** Where the rewriter registers the sites it finds; returns each site's id. */
@FunctionalInterface
public interface SiteSink {
    int register(String className, String methodName, String descriptor, int ordinal, String fileName, int line,
                 String type, String kind);
}
