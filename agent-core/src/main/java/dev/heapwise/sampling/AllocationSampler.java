package dev.heapwise.sampling;

import dev.heapwise.bootstrap.AllocationBridge;
import dev.heapwise.bootstrap.AllocationSink;
import dev.heapwise.log.LogOnce;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * Receives the bridge's samples and keeps what they add up to: estimated bytes and objects per site
 * (since start or the last reset, and over the last complete window), and per stack. Runs on the
 * application's thread, at most {@code maxPerSecond} times a second: when samples come faster, the
 * sampling interval doubles for the gaps drawn from then on (each sample keeps the interval it was
 * drawn with, so every weight stays exact) and it returns toward the configured one when they slow.
 */
public final class AllocationSampler implements AllocationSink {
    private static final Logger LOG = LoggerFactory.getLogger(AllocationSampler.class);
    /** Class references let {@link FrameNames} key frames by class without resolving their file and line. */
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    /** Frame texts remembered (key, text and map node: about 300 bytes each): 2.5 MB at most. */
    private static final int MAX_FRAME_NAMES = 8192;
    private static final long MAX_INTERVAL = 1L << 30;
    private static final String[] NO_FRAMES = new String[0];

    private final SiteRegistry sites;
    private final StackTable stacks;
    private final int stackDepth;
    private final long configuredInterval;
    private final int maxPerSecond;
    private final LongSupplier nanoTime;
    private final LongSupplier threadAllocatedBytes;
    private final LogOnce failures = new LogOnce();
    private final FrameNames frameNames = new FrameNames(MAX_FRAME_NAMES);

    private double[] bytes = new double[1024];
    private double[] objects = new double[1024];
    private long[] samples = new long[1024];
    private double[] bytesAtRotation = new double[1024];
    private double[] lastWindowBytes = new double[1024];
    /** Per site, the size most samples have (Boyer-Moore majority vote) and its votes: for pool candidates. */
    private long[] modalSize = new long[1024];
    private long[] modalVotes = new long[1024];
    private double totalBytes;
    private long totalSamples;
    private long sinceNanos;
    private long rotatedNanos;
    private long lastWindowNanos;
    private long currentInterval;
    private long secondStart;
    /** Samples in this second, and those since the interval last changed (toward the cap). */
    private int samplesThisSecond;
    private int samplesTowardCap;
    /** Stack walks a second at most (0: a stack for every sample). */
    private volatile int maxStacksPerSecond;
    /** The chance a sample walks its stack now: the cap over the last second's samples, at most 1. */
    private volatile double stackChance = 1.0;

    /** @param threadAllocatedBytes the current thread's allocated bytes so far, or -1 where unknown */
    public AllocationSampler(SiteRegistry sites, int maxStacks, int stackDepth, long interval, int maxPerSecond,
                             LongSupplier nanoTime, LongSupplier threadAllocatedBytes) {
        this.sites = sites;
        this.stacks = new StackTable(maxStacks);
        this.stackDepth = stackDepth;
        this.configuredInterval = Math.max(1, interval);
        this.currentInterval = configuredInterval;
        this.maxPerSecond = maxPerSecond;
        this.nanoTime = nanoTime;
        this.threadAllocatedBytes = threadAllocatedBytes;
        long now = nanoTime.getAsLong();
        this.sinceNanos = now;
        this.rotatedNanos = now;
        this.secondStart = now;
    }

    /**
     * At most {@code perSecond} samples a second walk their stack (0: every sample does). A walk of 32
     * frames takes 10-150 us of the allocating thread (measured: in Lucene at 150-200 samples a second,
     * walks were 2-2.5% of the workload thread), so above the cap a random share of samples walks, and
     * each walked stack is weighted by the inverse of that share: the stack figures stay unbiased, only
     * noisier. Site and type figures use every sample.
     */
    public void limitStacks(int perSecond) {
        maxStacksPerSecond = Math.max(0, perSecond);
    }

    /** Connects this sampler to the bridge at the configured interval. */
    public void attach() {
        AllocationBridge.interval(configuredInterval);
        AllocationBridge.sink(this);
    }

    public void detach() {
        AllocationBridge.sink(null);
    }

    @Override
    public void sampled(int site, long size, long weight, long interval) {
        long before = threadAllocatedBytes.getAsLong();
        try {
            double chance = stackChance;
            boolean walk = stackDepth > 0 && (chance >= 1 || ThreadLocalRandom.current().nextDouble() < chance);
            String[] frames = walk ? captureStack() : NO_FRAMES;
            synchronized (this) {
                record(site, size, weight, frames, walk ? weight / chance : 0);
                limitRates();
            }
        } catch (Throwable t) {
            failures.warn(LOG, "sample", "an allocation sample could not be recorded", t);
        }
        if (before >= 0) {
            // what the stack walk allocated is the agent's, not the application's: tracked methods leave it out
            AllocationBridge.ownAllocation(Math.max(0, threadAllocatedBytes.getAsLong() - before));
        }
    }

    /** Adds one sample with its stack (package-private: the footprint test feeds it stacks of its own). */
    void record(int site, long size, long weight, String[] frames) {
        record(site, size, weight, frames, weight);
    }

    /** As above; the stack, if any, stands for {@code stackWeight} bytes (more than the sample's when stacks are thinned). */
    private void record(int site, long size, long weight, String[] frames, double stackWeight) {
        if (site < 0) {
            return;
        }
        if (site >= bytes.length) {
            int n = Math.max(site + 1, Math.min(sites.capacity() + 1, bytes.length * 2));
            bytes = Arrays.copyOf(bytes, n);
            objects = Arrays.copyOf(objects, n);
            samples = Arrays.copyOf(samples, n);
            bytesAtRotation = Arrays.copyOf(bytesAtRotation, n);
            lastWindowBytes = Arrays.copyOf(lastWindowBytes, n);
            modalSize = Arrays.copyOf(modalSize, n);
            modalVotes = Arrays.copyOf(modalVotes, n);
        }
        if (modalVotes[site] == 0) {
            modalSize[site] = size;
            modalVotes[site] = 1;
        } else {
            modalVotes[site] += modalSize[site] == size ? 1 : -1;
        }
        bytes[site] += weight;
        objects[site] += weight / (double) Math.max(1, size);
        samples[site]++;
        totalBytes += weight;
        totalSamples++;
        if (frames.length > 0) {
            stacks.add(frames, stackWeight, site);
        }
    }

    /**
     * Per sample: the cap on samples a second (the interval doubles when it is passed). Once a second:
     * the interval halves back when samples ran well under the cap, and the chance of a stack walk is
     * set from the second just ended.
     */
    private void limitRates() {
        long now = nanoTime.getAsLong();
        long elapsed = now - secondStart;
        if (elapsed >= 1_000_000_000L) {
            if (maxPerSecond > 0 && samplesTowardCap < maxPerSecond / 4 && currentInterval > configuredInterval) {
                setInterval(Math.max(configuredInterval, currentInterval / 2));
            }
            int cap = maxStacksPerSecond;
            double perSecond = samplesThisSecond * 1e9 / elapsed;
            stackChance = cap <= 0 || perSecond <= cap ? 1.0 : cap / perSecond;
            secondStart = now;
            samplesThisSecond = 0;
            samplesTowardCap = 0;
        }
        samplesThisSecond++;
        if (maxPerSecond > 0 && ++samplesTowardCap > maxPerSecond && currentInterval < MAX_INTERVAL) {
            setInterval(Math.min(MAX_INTERVAL, currentInterval * 2));
            samplesTowardCap = 0;
        }
    }

    private void setInterval(long interval) {
        currentInterval = interval;
        AllocationBridge.interval(interval);
    }

    private String[] captureStack() {
        return WALKER.walk(frames -> frames
                .dropWhile(f -> f.getClassName().startsWith("dev.heapwise.sampling.")
                        || f.getClassName().startsWith("dev.heapwise.bootstrap."))
                .limit(stackDepth)
                .map(frameNames::of)
                .toArray(String[]::new));
    }

    /** Closes the current window: its per-site bytes become "the last window". Called on a schedule. */
    public synchronized void rotateWindow() {
        long now = nanoTime.getAsLong();
        for (int i = 0; i < bytes.length; i++) {
            lastWindowBytes[i] = bytes[i] - bytesAtRotation[i];
            bytesAtRotation[i] = bytes[i];
        }
        lastWindowNanos = now - rotatedNanos;
        rotatedNanos = now;
    }

    /** Forgets everything counted so far; the interval returns to the configured one. */
    public synchronized void reset() {
        Arrays.fill(bytes, 0);
        Arrays.fill(objects, 0);
        Arrays.fill(samples, 0);
        Arrays.fill(bytesAtRotation, 0);
        Arrays.fill(lastWindowBytes, 0);
        Arrays.fill(modalSize, 0);
        Arrays.fill(modalVotes, 0);
        stacks.clear();
        totalBytes = 0;
        totalSamples = 0;
        long now = nanoTime.getAsLong();
        sinceNanos = now;
        rotatedNanos = now;
        lastWindowNanos = 0;
        setInterval(configuredInterval);
    }

    /** A consistent copy of the figures, for reports. */
    public synchronized Snapshot snapshot() {
        int n = Math.min(bytes.length, sites.size());
        List<StackTable.Entry> topStacks = stacks.top(Integer.MAX_VALUE);
        List<StackSnapshot> stackCopies = topStacks.stream()
                .map(e -> new StackSnapshot(e.frames(), e.site, e.bytes, e.samples, e.inheritedBytes))
                .collect(Collectors.toList());
        return new Snapshot(Arrays.copyOf(bytes, n), Arrays.copyOf(objects, n), Arrays.copyOf(samples, n),
                Arrays.copyOf(lastWindowBytes, n), Arrays.copyOf(modalSize, n), Arrays.copyOf(modalVotes, n), totalBytes,
                totalSamples, nanoTime.getAsLong() - sinceNanos, lastWindowNanos, configuredInterval, currentInterval,
                stackCopies, stackDepth > 0 ? stackChance : 0);
    }

    /**
     * Per-site arrays indexed by site id. {@code windowNanos} is 0 until a window has closed. A site's
     * {@code modalVotes} over its samples bounds the share of samples of {@code modalSize}: at least
     * {@code (samples + votes) / 2 / samples} of them have that size.
     */
    public record Snapshot(double[] bytes, double[] objects, long[] samples, double[] lastWindowBytes,
                           long[] modalSize, long[] modalVotes, double totalBytes, long totalSamples, long sinceNanos, long windowNanos,
                           long configuredInterval, long currentInterval, List<StackSnapshot> stacks, double stackChance) {
    }

    public record StackSnapshot(List<String> frames, int site, double bytes, long samples, double inheritedBytes) {
    }
}
