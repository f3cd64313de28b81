package dev.heapwise.leak;

import java.time.Instant;
import java.util.List;

/** Where surviving-allocations reads its evidence: JFR's old-object samples in the agent, a list in tests. */
interface SurvivorSource {
    /** The sampled objects alive now that were allocated before {@code bornBefore}. */
    List<OldObjectSamples.Sample> read(Instant bornBefore) throws Exception;
}
