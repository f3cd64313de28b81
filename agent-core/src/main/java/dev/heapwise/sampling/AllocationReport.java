package dev.heapwise.sampling;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a sampler snapshot into the ranked entries {@code /v1/memory/allocations} serves: by site,
 * by allocated type (sites summed), or by stack. Estimates are rounded to whole bytes and objects.
 */
public final class AllocationReport {
    public enum By { SITE, TYPE, STACK, METHOD }

    private AllocationReport() {
    }

    public static By parseBy(String text) {
        for (By b : By.values()) {
            if (b.name().equalsIgnoreCase(text)) {
                return b;
            }
        }
        throw new IllegalArgumentException("must be one of site, type, stack, method");
    }

    public static List<Map<String, Object>> entries(AllocationSampler.Snapshot s, SiteRegistry sites, By by, int top) {
        switch (by) {
            case TYPE: return byType(s, sites, top);
            case STACK: return byStack(s, sites, top);
            default: return bySite(s, sites, top);
        }
    }

    private static List<Map<String, Object>> bySite(AllocationSampler.Snapshot s, SiteRegistry sites, int top) {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < s.bytes().length; i++) {
            if (s.samples()[i] > 0) {
                ids.add(i);
            }
        }
        ids.sort((a, b) -> Double.compare(s.bytes()[b], s.bytes()[a]));
        List<Map<String, Object>> out = new ArrayList<>();
        for (int id : ids.subList(0, Math.min(top, ids.size()))) {
            AllocationSite site = sites.site(id);
            Map<String, Object> e = figures(s, s.bytes()[id], s.objects()[id], s.samples()[id], s.lastWindowBytes()[id]);
            e.put("site", site.location());
            e.put("class", site.className());
            e.put("method", site.methodName());
            e.put("file", site.fileName());
            e.put("line", site.line());
            e.put("type", site.type());
            e.put("kind", site.kind());
            out.add(e);
        }
        return out;
    }

    private static List<Map<String, Object>> byType(AllocationSampler.Snapshot s, SiteRegistry sites, int top) {
        Map<String, double[]> sums = new HashMap<>();
        for (int i = 0; i < s.bytes().length; i++) {
            if (s.samples()[i] == 0) {
                continue;
            }
            double[] sum = sums.computeIfAbsent(sites.typeOf(i), t -> new double[5]);
            sum[0] += s.bytes()[i];
            sum[1] += s.objects()[i];
            sum[2] += s.samples()[i];
            sum[3] += s.lastWindowBytes()[i];
            sum[4]++;
        }
        List<Map.Entry<String, double[]>> ranked = new ArrayList<>(sums.entrySet());
        ranked.sort((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0]));
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map.Entry<String, double[]> t : ranked.subList(0, Math.min(top, ranked.size()))) {
            double[] v = t.getValue();
            Map<String, Object> e = figures(s, v[0], v[1], (long) v[2], v[3]);
            e.put("type", t.getKey());
            e.put("sites", (long) v[4]);
            out.add(e);
        }
        return out;
    }

    private static List<Map<String, Object>> byStack(AllocationSampler.Snapshot s, SiteRegistry sites, int top) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (AllocationSampler.StackSnapshot st : s.stacks().subList(0, Math.min(top, s.stacks().size()))) {
            Map<String, Object> e = figures(s, st.bytes(), Double.NaN, st.samples(), Double.NaN);
            AllocationSite site = sites.site(st.site());
            e.put("site", site == null ? null : site.location());
            e.put("type", site == null ? null : site.type());
            e.put("frames", st.frames());
            e.put("error_bound_bytes", Math.round(st.inheritedBytes()));
            out.add(e);
        }
        return out;
    }

    /**
     * Tracked methods ({@code trackMethods=}), heaviest total first: bytes allocated per invocation,
     * measured by the thread's own counter, so everything called underneath counts, JDK code included.
     * Invocations on virtual threads are counted apart, unmeasured, with {@code unmeasuredReason} (see
     * {@link MethodAllocations}); the byte figures are over the other invocations.
     */
    public static List<Map<String, Object>> byMethod(List<MethodAllocations.Figures> methods, long sinceNanos,
                                                     long windowNanos, int top, String unmeasuredReason) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (MethodAllocations.Figures m : methods.subList(0, Math.min(top, methods.size()))) {
            Map<String, Object> e = new java.util.LinkedHashMap<>();
            e.put("method", m.method());
            e.put("class", m.className());
            e.put("name", m.methodName());
            e.put("descriptor", m.descriptor());
            e.put("invocations", m.invocations());
            e.put("unmeasured_invocations", m.unmeasuredInvocations());
            if (m.unmeasuredInvocations() > 0) {
                e.put("unmeasured_reason", unmeasuredReason);
            }
            e.put("total_bytes", m.totalBytes());
            boolean measured = m.measuredInvocations() > 0; // else no per-invocation figure, not a figure of 0
            e.put("mean_bytes", measured ? m.meanBytes() : null);
            e.put("p50_bytes", measured ? m.p50Bytes() : null);
            e.put("p99_bytes", measured ? m.p99Bytes() : null);
            e.put("max_bytes", measured ? m.maxBytes() : null);
            e.put("bytes_per_second_since_start", sinceNanos <= 0 ? 0 : Math.round(m.totalBytes() / (sinceNanos / 1e9)));
            e.put("bytes_per_second_window", windowNanos <= 0 ? null : Math.round(m.lastWindowBytes() / (windowNanos / 1e9)));
            out.add(e);
        }
        return out;
    }

    private static Map<String, Object> figures(AllocationSampler.Snapshot s, double bytes, double objects, long samples,
                                               double windowBytes) {
        Map<String, Object> e = new java.util.LinkedHashMap<>();
        e.put("estimated_bytes", Math.round(bytes));
        if (!Double.isNaN(objects)) {
            e.put("estimated_count", Math.round(objects));
        }
        e.put("samples", samples);
        e.put("share", s.totalBytes() <= 0 ? 0.0 : round4(bytes / s.totalBytes()));
        e.put("bytes_per_second_since_start", s.sinceNanos() <= 0 ? 0 : Math.round(bytes / (s.sinceNanos() / 1e9)));
        if (!Double.isNaN(windowBytes)) {
            e.put("bytes_per_second_window", s.windowNanos() <= 0 ? null : Math.round(windowBytes / (s.windowNanos() / 1e9)));
        }
        return e;
    }

    private static double round4(double v) {
        return Math.round(v * 10_000.0) / 10_000.0;
    }

    /** The top sites as one short text, for the summary log line. */
    public static String topSitesLine(AllocationSampler.Snapshot s, SiteRegistry sites, int n) {
        StringBuilder b = new StringBuilder();
        for (Map<String, Object> e : bySite(s, sites, n)) {
            b.append(b.length() == 0 ? "" : ", ").append(e.get("site")).append(' ')
                    .append(String.format(Locale.ROOT, "%.0f%%", ((Double) e.get("share")) * 100));
        }
        return b.toString();
    }
}
