package dev.heapwise.runtime;

import java.util.List;
import java.util.Map;

/** What {@code /v1/memory/status} answers: who the agent is, what runs, what it costs itself. */
public record StatusReport(
        Agent agent,
        Jvm jvm,
        Map<String, Boolean> features,
        Server server,
        Self self,
        String memory) {

    public record Agent(String name, String version, long pid, String startedAt, long uptimeMs, String attach,
                        String profile, double premainMs, double initMs) {
    }

    /**
     * {@code maxHeapBytes} is what the JVM says the heap can hold ({@code Runtime.maxMemory()}; Serial
     * and Parallel leave a survivor space out); {@code maxHeapSizeFlagBytes} is the MaxHeapSize flag
     * itself (-Xmx, or the ergonomic default), null where the VM does not expose it.
     */
    public record Jvm(String name, String vendor, String version, String collector, List<String> gcBeans,
                      long maxHeapBytes, Long maxHeapSizeFlagBytes) {
    }

    /** {@code auth}: "post" when only POSTs need the token, "all" when every request does. */
    public record Server(String host, int port, String auth, String tokenFile, List<String> endpoints) {
    }

    /** The agent's own footprint: its threads, and how full its bounded histories are. */
    public record Self(int threads, int profileHistory, int profileHistoryCapacity, int gcHistory,
                       int gcHistoryCapacity) {
    }
}
