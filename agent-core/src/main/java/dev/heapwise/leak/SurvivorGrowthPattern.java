package dev.heapwise.leak;

import dev.heapwise.sampling.SurvivorTable;
import dev.heapwise.util.Units;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * surviving-allocations: at each old-generation marking, what the sampled objects still alive stand
 * for, per allocation site, counting only those that have survived at least {@code survivorMinAge}
 * markings (a marking proves an object reachable only if it started after the object was made). A
 * site whose survivors keep piling up across markings is leaking, and it is named: class, method,
 * file and line, the type, the heaviest stack through it. A leak adds to what all sites keep alive
 * together; a site whose survivors grow while the whole does not is only where a steady live set is
 * being renewed (a server replacing the entries of a cache it filled elsewhere: measured, a critical
 * suspect at the replacing line within 3 minutes while the heap stayed flat), and is no suspect.
 */
public final class SurvivorGrowthPattern implements LeakPattern {
    public static final String NAME = "surviving-allocations";
    /** Sites followed at most; the one with the least surviving is dropped for a heavier newcomer. */
    static final int MAX_SITES = 128;
    /** Sites taken from each marking's reading: the heaviest. */
    private static final int TOP_PER_MARKING = 32;
    private static final int POINTS_PER_SITE = 256;
    /** The whole table's survivors must grow at least this share of a suspect site's rate. */
    static final double WHOLE_SHARE = 0.5;

    private final SurvivorTable table;
    private final SiteDescriber sites;
    private final GrowthRule rule;
    private final int minAge;
    private final LongSupplier heapHeadroomBytes;
    private final KeyedSeries<Integer> bySite = new KeyedSeries<>(MAX_SITES, POINTS_PER_SITE);
    private final Map<Integer, SurvivorTable.SiteSurvivors> latest = new HashMap<>();
    /** What all sites' survivors stand for together, at each marking. */
    private final Series whole = new Series(POINTS_PER_SITE);

    /**
     * @param table             null when trackSurvivors is off (the pattern is then disabled)
     * @param heapHeadroomBytes max heap minus the live set, for the severity (or -1 when unknown)
     */
    public SurvivorGrowthPattern(SurvivorTable table, SiteDescriber sites, GrowthRule rule, int minAge,
                                 LongSupplier heapHeadroomBytes) {
        this.table = table;
        this.sites = sites;
        this.rule = rule;
        this.minAge = minAge;
        this.heapHeadroomBytes = heapHeadroomBytes;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean enabled() {
        return table != null;
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = rule.describe("bytes");
        m.put("min_age_markings", minAge);
        if (table != null) {
            SurvivorTable.Stats s = table.stats();
            m.put("table_entries", s.entries());
            m.put("table_capacity", s.capacity());
            m.put("keep_probability", s.keepProbability());
        } else {
            m.put("reason_off", "trackSurvivors=false (the default in the prod profile)");
        }
        return m;
    }

    /** A marking completed: one point per followed site. */
    public synchronized void onMarking(long markingsSoFar, long nowMs) {
        if (table == null) {
            return;
        }
        Map<Integer, Double> bytes = new HashMap<>();
        latest.clear();
        double all = 0;
        for (SurvivorTable.SiteSurvivors s : table.survivorsBySite(markingsSoFar - minAge)) {
            bytes.put(s.site(), s.bytes());
            latest.put(s.site(), s);
            all += s.bytes();
        }
        bySite.record(nowMs, bytes, TOP_PER_MARKING);
        whole.add(nowMs, all);
        latest.keySet().retainAll(bySite.all().keySet());
    }

    @Override
    public synchronized List<Finding> detect(long nowMs) {
        List<Finding> out = new ArrayList<>();
        Trend allSites = null;
        for (Map.Entry<Integer, Series> e : bySite.all().entrySet()) {
            Trend t = rule.judge(e.getValue(), nowMs);
            if (t == null) {
                continue;
            }
            if (allSites == null) {
                allSites = whole.trend(nowMs, rule.windowMs(), rule.confidence());
            }
            if (allSites == null || allSites.slopePerMinute() < WHOLE_SHARE * t.slopePerMinute()) {
                continue; // the live set moves between sites; it does not grow
            }
            int site = e.getKey();
            double bytes = e.getValue().lastValue();
            long headroom = heapHeadroomBytes.getAsLong();
            Double minutesLeft = headroom >= 0 ? headroom / t.slopePerMinute() : null;
            SurvivorTable.SiteSurvivors s = latest.get(site);
            String location = sites.location(site);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("site", location);
            details.put("type", sites.type(site));
            details.put("estimated_leaked_bytes", Math.round(bytes));
            details.put("leak_bytes_per_minute", Math.round(t.slopePerMinute()));
            details.put("surviving_samples", s == null ? 0 : s.samples());
            details.put("mean_age_collections", s == null ? null : Units.round3(s.meanAgeCollections()));
            details.put("projected_minutes_to_max_heap", minutesLeft == null ? null : Units.round3(minutesLeft));
            details.put("stack", sites.topStack(site));
            details.put("all_sites_bytes_per_minute", Math.round(allSites.slopePerMinute()));
            details.put("trend", t.describe());
            String summary = String.format("objects allocated at %s (%s) keep surviving: %s/min, about %s held now",
                    location, sites.type(site), Units.bytes(Math.round(t.slopePerMinute())), Units.bytes(Math.round(bytes)));
            // two sites can share a line (new T(new byte[n])): the type tells them apart
            out.add(new Finding(NAME, location + " " + sites.type(site), "allocation_site", Severity.byTimeLeft(minutesLeft), t.confidence(),
                    t.slopePerMinute(), bytes, "bytes", summary, details, e.getValue().points(nowMs, rule.windowMs())));
        }
        return out;
    }
}
