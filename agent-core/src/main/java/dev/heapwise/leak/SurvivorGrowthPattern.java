package dev.heapwise.leak;

import dev.heapwise.util.Units;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * surviving-allocations: after each old-generation marking, the JVM's sampled objects still alive
 * (see {@link OldObjectSamples}), per allocation site, counting only those made before the marking
 * {@code survivorMinAge} markings back (a marking proves an object reachable only if it started after
 * the object was made). A site is the first frame in a class {@code include}/{@code exclude} choose,
 * else the first outside the JDK, so a leak through a collection or a library is named where the
 * application called it. Each site stands for its share of those samples times the
 * marked live set: the sampler picks objects roughly in proportion to their bytes. A site whose
 * share of the live set keeps piling up across markings is leaking, and it is named: class, method,
 * file and line, the type, a sampled stack. A leak adds to the live set; a site that grows while the
 * live set does not is only where a steady live set is being renewed (a server replacing the entries
 * of a cache it filled elsewhere: measured, a critical suspect at the replacing line within 3 minutes
 * while the heap stayed flat), and is no suspect. Nor is a site once the live set has stopped growing
 * in the newer half of the window: a cache that filled (measured with the site's series alone, a
 * cache that filled to 135 MB stayed a suspect for 19 passes after it was full). Nor is a site whose
 * growth is under {@value #MIN_SHARE_OF_GROWTH} of the live set's (the sampler's own drift toward what
 * never dies, not a leak), or that holds fewer than {@value #MIN_SAMPLES} samples (noise).
 */
public final class SurvivorGrowthPattern implements LeakPattern {
    public static final String NAME = "surviving-allocations";
    /** Sites followed at most; the one with the least surviving is dropped for a heavier newcomer. */
    static final int MAX_SITES = 128;
    /** Sites taken from each reading: the heaviest. */
    private static final int TOP_PER_READING = 32;
    private static final int POINTS_PER_SITE = 256;
    /** The live set must grow at least this share of a suspect site's rate. */
    static final double WHOLE_SHARE = 0.5;
    /** A suspect site's growth must be at least this share of the live set's over the window. */
    static final double MIN_SHARE_OF_GROWTH = 0.05;
    /**
     * Samples a suspect site must hold in its latest reading. Its estimate is its share of the samples, which
     * for five of them moves by half from one reading to the next (a healthy app's HashMap$Node site read 29,
     * 15, then 10 MB on 5 samples, and its series passed every trend test); the leaks of the probes held 29 to
     * 240 samples at their first suspect, their secondary sites 10 to 15.
     */
    static final int MIN_SAMPLES = 8;

    private volatile SurvivorSource source;
    private String offReason;
    private final LongSupplier liveSetBytes;
    private final GrowthRule rule;
    private final int minAge;
    private final LongSupplier heapHeadroomBytes;
    private final KeyedSeries<String> bySite = new KeyedSeries<>(MAX_SITES, POINTS_PER_SITE);
    /** The newest reading of each followed site. */
    private final Map<String, SiteReading> latest = new HashMap<>();
    /** The sites of the last reading alone, for {@link #settings}. */
    private Map<String, SiteReading> lastRead = Map.of();
    /** The live set at each reading. */
    private final Series whole = new Series(POINTS_PER_SITE);
    /** When each of the last markings was seen, newest last: a sample's age is told against them. */
    private final long[] markingMs;
    private long markings;
    private long readAtMarking;
    private int lastSamples = -1;

    /**
     * @param source            null when the pattern is off, for {@code offReason}
     * @param liveSetBytes      the marked live set (-1 before the first marking)
     * @param heapHeadroomBytes max heap minus the live set, for the severity (or -1 when unknown)
     */
    public SurvivorGrowthPattern(SurvivorSource source, String offReason, LongSupplier liveSetBytes, GrowthRule rule,
                                 int minAge, LongSupplier heapHeadroomBytes) {
        this.source = source;
        this.offReason = offReason;
        this.liveSetBytes = liveSetBytes;
        this.rule = rule;
        this.minAge = minAge;
        this.heapHeadroomBytes = heapHeadroomBytes;
        this.markingMs = new long[minAge + 1];
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean enabled() {
        return source != null;
    }

    @Override
    public synchronized Map<String, Object> settings() {
        Map<String, Object> m = rule.describe("bytes");
        m.put("min_age_markings", minAge);
        if (source != null) {
            m.put("source", "JFR " + OldObjectSamples.EVENT);
            m.put("samples_last_read", lastSamples < 0 ? null : lastSamples);
            // the heaviest sites of the last reading, suspects or not: what the pattern is looking at
            List<Map<String, Object>> top = new ArrayList<>();
            lastRead.values().stream().sorted((x, y) -> Integer.compare(y.samples, x.samples)).limit(5).forEach(r -> {
                Map<String, Object> site = new LinkedHashMap<>();
                site.put("site", r.location);
                site.put("type", r.type);
                site.put("samples", r.samples);
                top.add(site);
            });
            m.put("heaviest_sites_last_read", top);
        } else {
            m.put("reason_off", offReason);
        }
        return m;
    }

    /**
     * Switches the source on (or off, with null and the reason): what was read from an earlier source is
     * forgotten, and the next reading waits for the next marking.
     */
    public synchronized void source(SurvivorSource newSource, String reasonOff) {
        source = newSource;
        offReason = reasonOff;
        bySite.clear();
        latest.clear();
        lastRead = Map.of();
        whole.clear();
        readAtMarking = markings;
        lastSamples = -1;
    }

    /** A marking completed (the GC notification thread: only noted here, read at the next {@link #sample}). */
    public synchronized void onMarking(long nowMs) {
        System.arraycopy(markingMs, 1, markingMs, 0, markingMs.length - 1);
        markingMs[markingMs.length - 1] = nowMs;
        markings++;
    }

    /** After a new marking: reads the samples and adds one point per followed site. */
    @Override
    public void sample(long nowMs) throws Exception {
        long bornBeforeMs;
        SurvivorSource from;
        synchronized (this) {
            from = source;
            if (from == null || markings == readAtMarking || markings <= minAge) {
                return;
            }
            readAtMarking = markings;
            bornBeforeMs = markingMs[0];
        }
        long live = liveSetBytes.getAsLong();
        if (live <= 0) {
            return;
        }
        // the dump and its parsing take milliseconds: outside the lock the report's readers take
        List<OldObjectSamples.Sample> samples = from.read(Instant.ofEpochMilli(bornBeforeMs));
        synchronized (this) {
            if (source != from) {
                return; // switched meanwhile: these samples belong to the source that is gone
            }
            record(nowMs, samples, live);
        }
    }

    synchronized void record(long nowMs, List<OldObjectSamples.Sample> samples, long live) {
        lastSamples = samples.size();
        Map<String, SiteReading> sites = new HashMap<>();
        for (OldObjectSamples.Sample s : samples) {
            sites.computeIfAbsent(s.location() + " " + s.type(), k -> new SiteReading(s)).add(s);
        }
        Map<String, Double> bytes = new HashMap<>();
        sites.forEach((key, site) -> bytes.put(key, (double) live * site.samples / samples.size()));
        // a followed site missing from one reading keeps its last one: the JVM's sampler holds a fixed number of
        // objects, and a burst of medium-lived ones can push a leak's samples out for a marking (a slow leak's
        // suspect was dropped and raised again so); its series takes the reading's zero, and its trend decides
        latest.putAll(sites);
        lastRead = sites;
        bySite.record(nowMs, bytes, TOP_PER_READING);
        whole.add(nowMs, live);
        latest.keySet().retainAll(bySite.all().keySet());
    }

    @Override
    public synchronized List<Finding> detect(long nowMs) {
        List<Finding> out = new ArrayList<>();
        Trend liveSet = null;
        for (Map.Entry<String, Series> e : bySite.all().entrySet()) {
            Trend t = rule.judge(e.getValue(), nowMs);
            SiteReading site = latest.get(e.getKey());
            if (t == null || site == null || site.samples < MIN_SAMPLES) {
                continue;
            }
            if (liveSet == null) {
                liveSet = whole.trend(nowMs, rule.windowMs(), rule.confidence());
            }
            if (!liveSetGrowsWith(liveSet, t.slopePerMinute())) {
                continue;
            }
            double bytes = e.getValue().lastValue();
            long headroom = heapHeadroomBytes.getAsLong();
            Double minutesLeft = headroom >= 0 ? headroom / t.slopePerMinute() : null;
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("site", site.location);
            details.put("type", site.type);
            details.put("estimated_leaked_bytes", Math.round(bytes));
            details.put("leak_bytes_per_minute", Math.round(t.slopePerMinute()));
            details.put("surviving_samples", site.samples);
            details.put("oldest_sample_allocated", site.oldest.toString());
            details.put("projected_minutes_to_max_heap", minutesLeft == null ? null : Units.round3(minutesLeft));
            details.put("stack", site.stack);
            details.put("live_set_bytes_per_minute", Math.round(liveSet.slopePerMinute()));
            details.put("live_set_recent_bytes_per_minute", Math.round(liveSet.recentSlopePerMinute()));
            details.put("trend", t.describe());
            String summary = String.format("objects allocated at %s (%s) keep surviving: %s/min, about %s held now",
                    site.location, site.type, Units.bytes(Math.round(t.slopePerMinute())), Units.bytes(Math.round(bytes)));
            // two sites can share a line (new T(new byte[n])): the type tells them apart
            out.add(new Finding(NAME, e.getKey(), "allocation_site", Severity.byTimeLeft(minutesLeft), t.confidence(),
                    t.slopePerMinute(), bytes, "bytes", summary, details, e.getValue().points(nowMs, rule.windowMs())));
        }
        return out;
    }

    /**
     * Whether the marked live set grows as a leak at a site growing {@code siteSlope} bytes a minute makes it grow;
     * where it does not, the site's rise is the sampler's or the live set's shuffle, not a leak.
     */
    private static boolean liveSetGrowsWith(Trend liveSet, double siteSlope) {
        if (liveSet == null || liveSet.slopePerMinute() < WHOLE_SHARE * siteSlope) {
            return false; // the live set moves between sites; it does not grow
        }
        if (siteSlope < MIN_SHARE_OF_GROWTH * liveSet.slopePerMinute()) {
            // a few samples' worth beside a live set that grew far more: the JVM's sampler keeps objects that
            // never die and loses those that do, so the share of a long-lived population climbs for minutes
            // while it stays the same size (measured: a full LRU cache's entries, 2 to 5 MB at 0.8 MB/min,
            // for 3 minutes after the 135 MB cache was full; a leak drives most of the live set's growth)
            return false;
        }
        // else the live set may have stopped growing: a cache that filled, not a leak (any more). The marked
        // live set says so markings before a site's own series does, which its sampling noise blurs
        return liveSet.recentSlopePerMinute() >= WHOLE_SHARE * siteSlope;
    }

    /** One site's samples in a reading: how many, the oldest, and the stack of the first seen. */
    private static final class SiteReading {
        final String location;
        final String type;
        final List<String> stack;
        int samples;
        Instant oldest;

        SiteReading(OldObjectSamples.Sample first) {
            this.location = first.location();
            this.type = first.type();
            this.stack = first.stack();
            this.oldest = first.allocated();
        }

        void add(OldObjectSamples.Sample s) {
            samples++;
            if (s.allocated().isBefore(oldest)) {
                oldest = s.allocated();
            }
        }
    }
}
