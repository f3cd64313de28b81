package dev.heapwise.tuner;

import dev.heapwise.vm.HugePages;

/**
 * What the tuner has seen since start, for recommendations.
 *
 * @param peakLiveSetBytes  the largest live set seen: at old-generation markings where there were any,
 *                          otherwise the lowest heap after recent collections (null: none reported yet)
 * @param liveSetMarked     the peak comes from old-generation markings; otherwise young collections
 *                          alone gave it, old garbage included: an upper bound
 * @param givenBackBytes    the most committed heap seen below the peak before it (given back while idle, or by a
 *                          collector that shrinks the heap); 0 for a heap that never shrank (pinned, Parallel)
 * @param hostLimitBytes    the container's or machine's memory limit (null: unknown)
 * @param inContainer       the limit is a cgroup's, not the machine's
 * @param idleSpells        times the application went idle long enough for the tuner to act
 * @param hugePages         the kernel's and the JVM's huge-page settings and the faults taken so far (null: unknown)
 */
public record Evidence(Collector collector, int jdkFeature, long uptimeMs, long readings, Long peakLiveSetBytes,
                       boolean liveSetMarked, long peakCommittedBytes, long givenBackBytes, long maxHeapBytes, Long hostLimitBytes, boolean inContainer,
                       Double pauseP99Ms, long pauseTargetMs, double gcTimeShare, long idleSpells,
                       String maxGcPauseMillis, HugePages hugePages) {
}
