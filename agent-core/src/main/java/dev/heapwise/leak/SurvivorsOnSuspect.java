package dev.heapwise.leak;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * JFR's old-object sampler, started only while the heap is suspected of leaking ({@code survivorsOnSuspect}
 * with {@code trackSurvivors=false}, the prod default): heap-growth can say that the live set grows but
 * not where it comes from, and the sampler that can costs about 5% while it runs. So the first heap-growth
 * suspect starts it and surviving-allocations names the site a few markings later (the sampler sees only
 * what is allocated from then on, and a sample counts once it has outlived {@code survivorMinAge}
 * markings); once neither heap pattern has had a suspect for {@code quietMs}, it stops. A start the JVM
 * refuses (no JFR, generational ZGC) is logged once and not tried again.
 */
final class SurvivorsOnSuspect implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SurvivorsOnSuspect.class);

    private final Callable<OldObjectSamples> start;
    private final SurvivorGrowthPattern survivors;
    private final long quietMs;
    private final String idleReason;
    private OldObjectSamples running;
    private String refused;
    private long lastSuspectMs;

    /** @param idleReason what surviving-allocations says while the sampler is not running */
    SurvivorsOnSuspect(Callable<OldObjectSamples> start, SurvivorGrowthPattern survivors, long quietMs, String idleReason) {
        this.start = start;
        this.survivors = survivors;
        this.quietMs = quietMs;
        this.idleReason = idleReason;
    }

    /** After each detection pass: starts the sampler on a heap suspect, stops it after a quiet window. */
    synchronized void afterDetection(List<Finding> findings, long nowMs) {
        boolean suspect = findings.stream().anyMatch(f -> f.pattern().equals(HeapGrowthPattern.NAME)
                || f.pattern().equals(SurvivorGrowthPattern.NAME));
        if (suspect) {
            lastSuspectMs = nowMs;
            if (running == null && refused == null) {
                startSampler();
            }
        } else if (running != null && nowMs - lastSuspectMs >= quietMs) {
            running.close();
            running = null;
            survivors.source(null, idleReason);
            LOG.info("surviving-allocations: no heap suspect for {} s; JFR's old-object sampler stopped", quietMs / 1000);
        }
    }

    private void startSampler() {
        try {
            running = start.call();
            survivors.source(running, null);
            LOG.info("surviving-allocations: heap-growth suspects a leak; JFR's old-object sampler started to name its"
                    + " allocation site (about 5% of throughput while it runs; survivorsOnSuspect=false keeps it off)");
        } catch (Throwable t) {
            refused = OldObjectSamples.notUsed(t);
            survivors.source(null, refused);
            LOG.warn("surviving-allocations could not start on a heap suspect ({}); heap-growth reports the leak without a site",
                    refused);
        }
    }

    synchronized boolean running() {
        return running != null;
    }

    @Override
    public synchronized void close() {
        if (running != null) {
            running.close();
            running = null;
        }
    }
}
