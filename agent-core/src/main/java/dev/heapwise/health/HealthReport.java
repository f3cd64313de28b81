package dev.heapwise.health;

import java.util.List;

/** The health of the JVM's memory: a score 0-100, a status, and the components it was built from. */
public record HealthReport(String evaluatedAt, int score, String status, List<Component> components) {

    public static final String HEALTHY = "healthy";
    public static final String DEGRADED = "degraded";
    public static final String CRITICAL = "critical";

    /** One component: its figure and the threshold it is judged by, why it scored so, and what to do. */
    public record Component(String name, int score, String status, Double value, String unit, String reason,
                            String recommendation) {
    }

    /** The lowest score that is healthy. */
    static final int HEALTHY_FROM = 80;

    static String statusOf(int score) {
        return score >= HEALTHY_FROM ? HEALTHY : score >= 50 ? DEGRADED : CRITICAL;
    }
}
