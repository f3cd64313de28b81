package dev.heapwise.leak;

import java.util.List;

/** Names an allocation site for a report: where it is, what it allocates, its heaviest sampled stack. */
public interface SiteDescriber {
    /** {@code class.method(File.java:line)}. */
    String location(int site);

    String type(int site);

    /** The heaviest sampled stack through this site, innermost frame first; empty when none was kept. */
    List<String> topStack(int site);
}
