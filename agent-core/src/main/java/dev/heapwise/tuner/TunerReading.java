package dev.heapwise.tuner;

import dev.heapwise.profile.HostMemory;

/**
 * What one tuning pass sees. Sizes in bytes; a figure the platform cannot give is null.
 *
 * @param nanos          System.nanoTime() of the reading
 * @param liveSetBytes   the lowest heap-after-GC of the recent collections (the live set as far as it is known)
 * @param host           the memory limit this process lives under (container or machine) and its use
 * @param allocationRate bytes/s the application's threads allocated since the previous reading (null on the first)
 * @param cpuShare       the application's threads' CPU time since the previous reading, as a share of all
 *                       cores (the agent's, the JDK's service threads and the collector's left out)
 * @param gcPauseShare   share of wall time in GC pauses since the previous reading
 * @param pauseP99Ms     pause p99 over the pause window, null without pauses
 * @param markedPeakLiveSetBytes the largest live set at any old-generation marking so far (null before
 *                       the first): free of the old garbage young collections cannot see
 * @param rssAnonBytes   this process's resident anonymous memory (RssAnon), to tell its own share of a cgroup's
 *                       anonymous memory from its neighbours' (null where /proc cannot say)
 */
public record TunerReading(long nanos, long heapUsedBytes, long heapCommittedBytes, long heapMaxBytes,
                           Long liveSetBytes, Long rssBytes, HostMemory.Reading host, Double allocationRate,
                           Double cpuShare, Double gcPauseShare, Double pauseP99Ms,
                           Long markedPeakLiveSetBytes, Long rssAnonBytes) {

    /** The live set, or heap in use where no collection has reported one yet (an upper bound). */
    public long liveSetOrUsed() {
        return liveSetBytes == null ? heapUsedBytes : Math.min(liveSetBytes, heapUsedBytes);
    }

    /** "allocating 3.2 MB/s, threads at 12.5% of the CPU": what made the application look busy or idle. */
    public String activity() {
        String alloc = allocationRate == null ? "allocation unknown" : "allocating " + dev.heapwise.util.Units.bytes(Math.round(allocationRate)) + "/s";
        return cpuShare == null ? alloc : alloc + ", threads at " + dev.heapwise.util.Units.percent(cpuShare) + " of the CPU";
    }

    /** Host memory use against its limit, 0 where unknown. */
    public double pressure() {
        return host == null ? 0 : host.pressure();
    }
}
