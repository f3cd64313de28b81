package dev.heapwise.tuner;

/**
 * What the tuner has seen since start, for recommendations.
 *
 * @param peakLiveSetBytes  the largest live set seen after collections (null: none reported yet)
 * @param hostLimitBytes    the container's or machine's memory limit (null: unknown)
 * @param inContainer       the limit is a cgroup's, not the machine's
 * @param idleSpells        times the application went idle long enough for the tuner to act
 */
public record Evidence(Collector collector, int jdkFeature, long uptimeMs, long readings, Long peakLiveSetBytes,
                       long peakCommittedBytes, long maxHeapBytes, Long hostLimitBytes, boolean inContainer,
                       Double pauseP99Ms, long pauseTargetMs, double gcTimeShare, long idleSpells,
                       String maxGcPauseMillis) {
}
