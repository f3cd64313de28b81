package dev.heapwise.it.apps;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Allocation sites with known byte totals, for the sampler's accuracy: ten sites of different kinds
 * (small objects, small and large arrays, arrays just under and just over the default 512 KB sampling
 * interval, multi-dimensional arrays) whose totals stand in the ratio 1.3 to one another, and two
 * light sites below them. Each site is one method, so the agent names it by method. Every object is
 * kept in a ring for a while, so none can be removed by escape analysis.
 * <ul>
 *   <li>{@code run <mb>}: allocates; the lightest of the ten sites gets {@code mb} megabytes. Answers each
 *       site's method, object count, object size and exact total bytes (sizes measured against the JVM's
 *       own per-thread allocation counter, so no layout is assumed).</li>
 * </ul>
 */
public final class KnownSitesApp {
    /** Small enough that 4 MB arrays fit a small heap, large enough that nothing is scalar-replaced. */
    private static final int RING = 64;
    private static final Object[] KEPT = new Object[RING];
    private static int slot;
    private static final double FACTOR = 1.3;

    /** A small object: 24 bytes with compressed oops. */
    record Cell(long value, Object next) {
    }

    /** A wider object. */
    record Wide(long a, long b, long c, int d, Object e) {
    }

    /** One site: its method allocates one object of the site's kind per call. */
    private interface Site {
        void allocate(int i);
    }

    private static final Map<String, Site> SITES = new LinkedHashMap<>();

    static {
        // heaviest last: the i-th site of the ten gets FACTOR^i units
        SITES.put("siteCells", KnownSitesApp::siteCells);
        SITES.put("siteBytes64", KnownSitesApp::siteBytes64);
        SITES.put("siteWide", KnownSitesApp::siteWide);
        SITES.put("siteInts1000", KnownSitesApp::siteInts1000);
        SITES.put("siteNearInterval", KnownSitesApp::siteNearInterval);
        SITES.put("siteObjects100", KnownSitesApp::siteObjects100);
        SITES.put("siteAboveInterval", KnownSitesApp::siteAboveInterval);
        SITES.put("siteMatrix", KnownSitesApp::siteMatrix);
        SITES.put("siteChars16", KnownSitesApp::siteChars16);
        SITES.put("siteLarge", KnownSitesApp::siteLarge);
    }

    private KnownSitesApp() {
    }

    public static void main(String[] args) throws IOException {
        CommandLoop.run((command, words) -> {
            if (!command.equals("run")) {
                throw new IllegalArgumentException("unknown command '" + command + "'");
            }
            return run(Long.parseLong(words[1]) << 20);
        });
    }

    private static String run(long unit) {
        StringBuilder b = new StringBuilder(",\"sites\":[");
        int k = 0;
        long t0 = System.nanoTime();
        for (Map.Entry<String, Site> e : SITES.entrySet()) {
            long target = (long) (unit * Math.pow(FACTOR, k++));
            b.append(k == 1 ? "" : ",").append(allocate(e.getKey(), e.getValue(), target));
        }
        // two light sites, far below the ten
        b.append(',').append(allocate("siteLightA", KnownSitesApp::siteLightA, unit / 8));
        b.append(',').append(allocate("siteLightB", KnownSitesApp::siteLightB, unit / 16));
        return b.append("],\"seconds\":").append((System.nanoTime() - t0) / 1e9).toString();
    }

    /**
     * Allocates about {@code target} bytes at one site; answers the exact count, size and total, the calls
     * that measured the size included (the agent saw them too).
     */
    private static String allocate(String name, Site site, long target) {
        site.allocate(0);
        long rough = allocatedBy(site, 1);
        int n = (int) Math.max(4, Math.min(20_000, (32L << 20) / Math.max(8, rough)));
        long size = Math.round(allocatedBy(site, n) / (double) n / 8) * 8;
        long count = Math.max(1, target / size);
        for (long i = 0; i < count; i++) {
            site.allocate((int) i);
        }
        long total = (2 + n + count) * size;
        return "{\"method\":\"" + name + "\",\"count\":" + (2 + n + count) + ",\"size\":" + size
                + ",\"bytes\":" + total + "}";
    }

    /**
     * Bytes this thread allocated over {@code n} calls of the site, by the JVM's own per-thread counter,
     * less what the agent allocated on the thread meanwhile (its sampling, which the agent's bridge counts:
     * read here by reflection, 0 when no agent runs), so that no object layout need be assumed.
     */
    private static long allocatedBy(Site site, int n) {
        long before = THREADS.getCurrentThreadAllocatedBytes() - agentOwnBytes();
        for (int i = 0; i < n; i++) {
            site.allocate(i);
        }
        return THREADS.getCurrentThreadAllocatedBytes() - agentOwnBytes() - before;
    }

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final java.lang.invoke.MethodHandle OWN_BYTES = ownBytesHandle();

    private static java.lang.invoke.MethodHandle ownBytesHandle() {
        try {
            return java.lang.invoke.MethodHandles.publicLookup().findStatic(
                    Class.forName("dev.heapwise.bootstrap.AllocationBridge", true, null), "ownAllocated",
                    java.lang.invoke.MethodType.methodType(long.class));
        } catch (ReflectiveOperationException | RuntimeException noAgent) {
            return null;
        }
    }

    private static long agentOwnBytes() {
        try {
            return OWN_BYTES == null ? 0 : (long) OWN_BYTES.invokeExact();
        } catch (Throwable t) {
            return 0;
        }
    }

    private static void keep(Object o) {
        KEPT[slot] = o;
        slot = (slot + 1) & (RING - 1);
    }

    private static void siteCells(int i) {
        keep(new Cell(i, null));
    }

    private static void siteBytes64(int i) {
        keep(new byte[64]);
    }

    private static void siteWide(int i) {
        keep(new Wide(i, i, i, i, null));
    }

    private static void siteInts1000(int i) {
        keep(new int[1000]);
    }

    /** About 480 KB: just under the default mean interval of 512 KB. */
    private static void siteNearInterval(int i) {
        keep(new byte[480 * 1024]);
    }

    private static void siteObjects100(int i) {
        keep(new Object[100]);
    }

    /** About 600 KB: just over the interval, so nearly every one is sampled. */
    private static void siteAboveInterval(int i) {
        keep(new byte[600 * 1024]);
    }

    private static void siteMatrix(int i) {
        keep(new int[4][64]);
    }

    private static void siteChars16(int i) {
        keep(new char[16]);
    }

    /** 4 MB long arrays: eight times the interval. */
    private static void siteLarge(int i) {
        keep(new long[1 << 19]);
    }

    private static void siteLightA(int i) {
        keep(new short[200]);
    }

    private static void siteLightB(int i) {
        keep(new Cell(-i, null));
    }
}
