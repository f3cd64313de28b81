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

    public record Jvm(String name, String vendor, String version, String collector, List<String> gcBeans,
                      long maxHeapBytes) {
    }

    /** {@code auth}: "post" when only POSTs need the token, "all" when every request does. */
    public record Server(String host, int port, String auth, String tokenFile, List<String> endpoints) {
    }

    /** The agent's own footprint: its threads, and how full its bounded histories are. */
    public record Self(int threads, int profileHistory, int profileHistoryCapacity, int gcHistory,
                       int gcHistoryCapacity) {
    }
}
