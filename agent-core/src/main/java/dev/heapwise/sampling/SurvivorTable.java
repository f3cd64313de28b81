package dev.heapwise.sampling;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Sampled objects held by weak references, to see which allocation sites leave objects behind. Each
 * entry keeps the sample's weight (the bytes it stands for), the number of old-generation markings
 * and of collections seen when it was taken, and is dropped once the collector clears it.
 *
 * <p>Bounded: past capacity the table is thinned, each entry kept with probability one half and its
 * weight doubled, and new samples are taken with the same probability at the same doubled weight, so
 * every estimate stays unbiased while the entry count halves. When it empties out again the
 * probability climbs back. Nothing here holds an application object strongly, or any class loader.
 */
public final class SurvivorTable {
    private final int capacity;
    private final LongSupplier markings;
    private final LongSupplier collections;
    private final ReferenceQueue<Object> cleared = new ReferenceQueue<>();
    private Entry[] entries = new Entry[64];
    private int size;
    /** New samples are kept with probability 2^-thinning, at 2^thinning times their weight. */
    private int thinning;
    private long random = 0x9E3779B97F4A7C15L ^ System.nanoTime();
    private long added;
    private long dropped;

    /**
     * @param markings    old-generation markings seen so far (see {@code OldGenMarkings})
     * @param collections collections of any kind seen so far
     */
    public SurvivorTable(int capacity, LongSupplier markings, LongSupplier collections) {
        this.capacity = Math.max(16, capacity);
        this.markings = markings;
        this.collections = collections;
    }

    /** The capacity for a heap of {@code maxHeapBytes} sampled every {@code interval} bytes, within [1024, max]. */
    public static int capacityFor(long maxHeapBytes, long interval, int max) {
        long full = maxHeapBytes <= 0 ? max : maxHeapBytes / Math.max(1, interval);
        return (int) Math.max(Math.min(1024, max), Math.min(max, full));
    }

    /** Watches one sampled object. Called on the sampled thread's slow path: cheap, and never throws for a full table. */
    public synchronized void add(Object object, int site, double weight) {
        purge();
        if (thinning > 0 && (nextRandom() & ((1L << thinning) - 1)) != 0) {
            dropped++;
            return;
        }
        if (size == capacity) {
            thin();
        }
        if (size == entries.length) {
            entries = Arrays.copyOf(entries, Math.min(capacity, entries.length * 2));
        }
        Entry e = new Entry(object, cleared, site, weight * (1L << thinning), markings.getAsLong(),
                collections.getAsLong(), size);
        entries[size++] = e;
        added++;
    }

    /**
     * Per site, what the samples still alive stand for, counting only samples taken before
     * {@code bornBeforeMarking} markings had been seen (so each has survived at least the markings since).
     */
    public synchronized List<SiteSurvivors> survivorsBySite(long bornBeforeMarking) {
        purge();
        java.util.Map<Integer, double[]> bySite = new java.util.HashMap<>();
        long nowCollections = collections.getAsLong();
        for (int i = 0; i < size; i++) {
            Entry e = entries[i];
            if (e.bornMarking >= bornBeforeMarking || e.get() == null) {
                continue;
            }
            double[] s = bySite.computeIfAbsent(e.site, k -> new double[3]);
            s[0] += e.weight;
            s[1]++;
            s[2] += nowCollections - e.bornCollections;
        }
        List<SiteSurvivors> out = new ArrayList<>(bySite.size());
        bySite.forEach((site, s) -> out.add(new SiteSurvivors(site, s[0], (long) s[1], s[2] / s[1])));
        return out;
    }

    public synchronized int size() {
        purge();
        return size;
    }

    public int capacity() {
        return capacity;
    }

    /** Figures for the report: entries held, ever added, dropped by thinning, and the current keep probability. */
    public synchronized Stats stats() {
        purge();
        return new Stats(size, capacity, added, dropped, 1.0 / (1L << thinning));
    }

    /** Forgets every entry (allocation reset). */
    public synchronized void clear() {
        for (int i = 0; i < size; i++) {
            entries[i].clear();
            entries[i] = null;
        }
        size = 0;
        thinning = 0;
        while (cleared.poll() != null) {
            // drained: those entries are gone already
        }
    }

    private void purge() {
        Object r;
        while ((r = cleared.poll()) != null) {
            remove((Entry) r);
        }
        if (thinning > 0 && size < capacity / 4) {
            thinning--;
        }
    }

    private void remove(Entry e) {
        int i = e.index;
        if (i < 0 || i >= size || entries[i] != e) {
            return;
        }
        Entry last = entries[--size];
        entries[i] = last;
        last.index = i;
        entries[size] = null;
        e.index = -1;
    }

    /** Keeps each entry with probability one half, doubling the weight of those kept. */
    private void thin() {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            Entry e = entries[i];
            if ((nextRandom() & 1) == 0) {
                e.weight *= 2;
                e.index = kept;
                entries[kept++] = e;
            } else {
                e.clear();
                e.index = -1;
                dropped++;
            }
        }
        Arrays.fill(entries, kept, size, null);
        size = kept;
        thinning++;
    }

    private long nextRandom() {
        long x = random;
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        random = x;
        return x >>> 1;
    }

    /** A weak reference to one sampled object with what the sample stood for. */
    private static final class Entry extends WeakReference<Object> {
        final int site;
        final long bornMarking;
        final long bornCollections;
        double weight;
        int index;

        Entry(Object referent, ReferenceQueue<Object> queue, int site, double weight, long bornMarking,
              long bornCollections, int index) {
            super(referent, queue);
            this.site = site;
            this.weight = weight;
            this.bornMarking = bornMarking;
            this.bornCollections = bornCollections;
            this.index = index;
        }
    }

    /** What the surviving samples of one site stand for; {@code meanAgeCollections}: collections they survived. */
    public record SiteSurvivors(int site, double bytes, long samples, double meanAgeCollections) {
    }

    public record Stats(int entries, int capacity, long added, long droppedByThinning, double keepProbability) {
    }
}
