package dev.heapwise.tuner;

import dev.heapwise.config.AgentConfig;
import dev.heapwise.config.ConfigKeys;

/**
 * The tuner's thresholds, from configuration.
 *
 * @param idleDelayMs        how long the application must be idle before memory is given back
 * @param idleGcIntervalMs   G1PeriodicGCInterval while idle
 * @param idleReturnMinBytes committed-but-unused heap worth giving back
 * @param holdMs             least time between two changes of one lever at steady state
 * @param compactionThresholdBytes committed-but-unused heap that makes an idle JVM worth compacting
 * @param compactionIntervalMs     least time between two automatic compactions
 * @param compactionMaxLiveBytes   live set above which no automatic stop-the-world compaction runs
 */
record TunerSettings(long idleDelayMs, long idleGcIntervalMs, long idleReturnMinBytes, long holdMs,
                     long compactionThresholdBytes, long compactionIntervalMs, long compactionMaxLiveBytes) {
    static TunerSettings of(AgentConfig config) {
        return new TunerSettings(config.get(ConfigKeys.IDLE_DELAY).toMillis(),
                config.get(ConfigKeys.IDLE_GC_INTERVAL).toMillis(), config.get(ConfigKeys.IDLE_RETURN_MIN_BYTES),
                config.get(ConfigKeys.TUNER_HOLD).toMillis(), config.get(ConfigKeys.COMPACTION_THRESHOLD),
                config.get(ConfigKeys.COMPACTION_INTERVAL).toMillis(), config.get(ConfigKeys.COMPACTION_MAX_LIVE_SET));
    }
}
