package dev.heapwise.gc;

import java.lang.management.GarbageCollectorMXBean;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * How many collections of the old generation or the whole heap this JVM has run: what tells the
 * compactor that the full collection it asked for happened. It may not have: on JDK 17, G1, Parallel and
 * Serial drop a requested full collection without a word when some thread is inside a JNI critical
 * region at that moment (zip inflation, for one); JDK 25 waits for the region to end.
 * A bean's count is updated before the collection's request returns, so reading it right after is exact.
 */
public final class WholeHeapCollections {
    /** The count where it cannot tell. */
    public static final long UNKNOWN = -1;

    private WholeHeapCollections() {
    }

    /**
     * @param explicitIsConcurrent {@code -XX:+ExplicitGCInvokesConcurrent}: a request starts a concurrent
     *                             cycle, which JDK 17's G1 counts on no bean of its own, so it cannot tell
     */
    public static LongSupplier counter(List<GarbageCollectorMXBean> beans, boolean explicitIsConcurrent) {
        List<GarbageCollectorMXBean> wholeHeap = beans.stream()
                .filter(b -> GcClassifier.MAJOR.equals(GcClassifier.action(b.getName(), null))).toList();
        if (explicitIsConcurrent || wholeHeap.isEmpty()) {
            return () -> UNKNOWN;
        }
        return () -> {
            long sum = 0;
            for (GarbageCollectorMXBean b : wholeHeap) {
                long c = b.getCollectionCount();
                if (c < 0) {
                    return UNKNOWN;
                }
                sum += c;
            }
            return sum;
        };
    }
}
