package dev.heapwise.instrument;

import dev.heapwise.bootstrap.AllocationBridge;
import dev.heapwise.bootstrap.AllocationSink;
import dev.heapwise.instrument.fixtures.Shapes;
import dev.heapwise.sampling.SiteRegistry;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real rewriter applied to fixture classes, which are then defined in a fresh loader and run
 * with every allocation sampled: the rewritten code passes the verifier, computes what the original
 * computes, and reports each site with the right type and size.
 */
class RewriterTest {
    private static final ObjectLayout LAYOUT = new ObjectLayout(12, 16, 2);

    @AfterEach
    void detach() {
        AllocationBridge.sink(null);
        AllocationBridge.interval(512 * 1024);
    }

    /** Loads fixture classes rewritten; everything else from the parent. */
    private static final class RewritingLoader extends ClassLoader {
        private final SiteRegistry sites;
        private final TypePool pool = TypePool.Default.of(ClassFileLocator.ForClassLoader.of(RewriterTest.class.getClassLoader()));
        private final InstanceSizes sizes = new InstanceSizes(LAYOUT);

        RewritingLoader(SiteRegistry sites) {
            super(RewriterTest.class.getClassLoader());
            this.sites = sites;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("dev.heapwise.instrument.fixtures.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    byte[] rewritten = rewrite(name);
                    c = defineClass(name, rewritten, 0, rewritten.length);
                }
                return c;
            }
        }

        private byte[] rewrite(String name) throws ClassNotFoundException {
            try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                ClassReader reader = new ClassReader(in.readAllBytes());
                ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
                reader.accept(new AllocationClassVisitor(writer, sites::register, sizes, pool, LAYOUT, new OversizedMethods()), 0);
                return writer.toByteArray();
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
        }
    }

    @Test
    void rewrittenCodeComputesWhatTheOriginalDoesAndReportsEverySite() throws Exception {
        SiteRegistry sites = new SiteRegistry(1000);
        Map<Integer, AtomicLong> counts = new ConcurrentHashMap<>();
        Map<Integer, Long> sizes = new ConcurrentHashMap<>();
        AllocationSink sink = (site, size, weight, interval) -> {
            counts.computeIfAbsent(site, s -> new AtomicLong()).incrementAndGet();
            sizes.merge(site, size, Math::max);
        };
        AllocationBridge.interval(1);
        AllocationBridge.sink(null);
        AllocationBridge.object(0, Integer.MAX_VALUE); // start a gap of the new interval
        AllocationBridge.sink(sink);

        Class<?> rewritten = new RewritingLoader(sites).loadClass(Shapes.class.getName());
        assertThat(rewritten).isNotSameAs(Shapes.class);
        Method run = rewritten.getMethod("run", int.class);
        long expected = Shapes.run(50);
        long actual = (long) run.invoke(null, 50);
        AllocationBridge.sink(null);
        assertThat(actual).isEqualTo(expected);

        Map<String, Integer> byType = new java.util.HashMap<>();
        for (int id = 1; id < sites.size(); id++) {
            byType.merge(sites.site(id).type() + "@" + sites.site(id).methodName(), id, (a, b) -> a);
        }
        // a three-level int cube: one outer array, two of three refs, six of four ints
        int cube = byType.get("int[][][]@run");
        long expectedCube = align(16 + 2 * 4) + 2 * align(16 + 3 * 4) + 6 * align(16 + 4 * 4);
        assertThat(sizes.get(cube)).isEqualTo(expectedCube);
        assertThat(counts.get(cube).get()).isEqualTo(50);
        // constructors that throw are never counted; those that return are
        int fails = byType.get("dev.heapwise.instrument.fixtures.Shapes$Fails@run");
        assertThat(counts.get(fails).get()).isEqualTo(24); // i % 4 - 2 >= 0 for i % 4 in {2, 3}: 24 of 0..49
        // new byte[-1] reports before it throws, as 0 bytes: never sampled
        int bytes = byType.get("byte[]@run");
        assertThat(counts.get(bytes).get()).isEqualTo(25);
        // allocations in this(...) and super(...) arguments are sites of the constructors
        assertThat(byType).containsKey("java.lang.StringBuilder@<init>");
        assertThat(byType).containsKey("int[]@<init>");
        int derived = byType.get("dev.heapwise.instrument.fixtures.Shapes$Derived@run");
        assertThat(counts.get(derived).get()).isEqualTo(50);
        // Derived: header 12 + two refs (Base) + a long = 28 -> 32 bytes
        assertThat(sizes.get(derived)).isEqualTo(32L);
        // the lambda body lives in a synthetic method of Shapes, and is rewritten too
        assertThat(byType.keySet()).anyMatch(k -> k.startsWith("int[]@lambda$"));
        assertThat(sites.site(cube).location()).matches("dev\\.heapwise\\.instrument\\.fixtures\\.Shapes\\.run\\(Shapes\\.java:\\d+\\)");
    }

    @Test
    void theSameSiteSeenAgainKeepsItsId() {
        SiteRegistry sites = new SiteRegistry(10);
        int a = sites.register("C", "m", "()V", 0, "C.java", 3, "T", "object");
        int b = sites.register("C", "m", "()V", 1, "C.java", 3, "T", "object");
        assertThat(sites.register("C", "m", "()V", 0, "C.java", 3, "T", "object")).isEqualTo(a);
        assertThat(b).isNotEqualTo(a);
    }

    @Test
    void pastCapacitySitesShareTheOverflowId() {
        SiteRegistry sites = new SiteRegistry(2);
        assertThat(sites.register("C", "m", "()V", 0, null, 1, "T", "object")).isEqualTo(1);
        assertThat(sites.register("C", "m", "()V", 1, null, 1, "T", "object")).isEqualTo(2);
        assertThat(sites.register("C", "m", "()V", 2, null, 1, "T", "object")).isEqualTo(SiteRegistry.OVERFLOW);
        assertThat(sites.overflowed()).isEqualTo(1);
        assertThat(sites.site(0).location()).contains("other sites");
    }

    private static long align(long bytes) {
        return bytes + 7 & ~7L;
    }
}
