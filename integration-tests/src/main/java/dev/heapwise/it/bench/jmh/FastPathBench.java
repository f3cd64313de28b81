package dev.heapwise.it.bench.jmh;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * What the instrumented fast path costs one allocation, measured by JMH: run once without the agent and
 * once with it rewriting this class only ({@code scripts/bench-fastpath} does both, same fork settings),
 * and compare ns/op and, with {@code -prof gc}, B/op. Each benchmark allocates at one site:
 * <ul>
 *   <li>{@code nonEscaping}: an object and an array that never leave the method, which escape analysis
 *       removes: B/op must stay 0 with the agent (the inserted code passes a site id and a size, never the
 *       object);</li>
 *   <li>{@code nonEscapingNested}: the same with one object stored into another allocated after it. JDK 25
 *       still removes both with the agent; JDK 17's C2 keeps the inner one (24 B/op) when the sampler's
 *       slow-path call lies between the two allocations, a C2 limitation of that release;</li>
 *   <li>{@code smallObject}, {@code byteArray}: an escaping allocation each, the fast path's cost per
 *       allocation being the difference in ns/op;</li>
 *   <li>{@code copiedArray}: a 1 KB array filled by {@code System.arraycopy} as soon as it exists. C2 does
 *       not zero such an array first, unless something stands between the allocation and the copy: the
 *       difference in ns/op shows that the array sites' report (made before the allocation) does not.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FastPathBench {
    /** 24 bytes with compressed oops. */
    record Cell(long value, Object next) {
    }

    @Param({"64"})
    public int length;

    private final byte[] source = new byte[1024];
    private long counter;

    @Benchmark
    public long nonEscaping() {
        long i = counter++;
        Cell a = new Cell(i, null);
        long[] pair = new long[]{a.value(), i + 1};
        return pair[0] + pair[1] + (a.next() == null ? 1 : 0);
    }

    @Benchmark
    public long nonEscapingNested() {
        long i = counter++;
        Cell a = new Cell(i, null);
        Cell b = new Cell(i + 1, a);
        return a.value() + b.value() + (b.next() == a ? 1 : 0);
    }

    @Benchmark
    public Object smallObject() {
        return new Cell(counter++, null);
    }

    @Benchmark
    public byte[] byteArray() {
        return new byte[length];
    }

    @Benchmark
    public byte[] copiedArray() {
        byte[] copy = new byte[source.length];
        System.arraycopy(source, 0, copy, 0, source.length);
        return copy;
    }
}
