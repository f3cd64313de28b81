package dev.heapwise.sampling;

import dev.heapwise.config.AgentConfig;
import dev.heapwise.config.ConfigKeys;
import dev.heapwise.config.ConfigLoader;
import dev.heapwise.RetainedHeap;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * The allocation profiler's own retained heap, worst case at the default bounds: 100,000 distinct
 * allocation sites in 25,000 classes (more than {@code maxSites}, so the registry overflows), every site
 * sampled with a stack of {@code stackDepth} frames found nowhere else (so the stack table and the frame
 * pool fill and keep evicting), and {@code maxTrackedMethods} tracked methods. It must stay under 32 MB:
 * the bounds, not the application, decide the agent's memory. Printed for the README.
 */
class SamplingFootprintTest {
    private static final int SITES = 100_000;
    private static final int SITES_PER_CLASS = 4;

    @Test
    void oneHundredThousandSitesStayUnder32Megabytes() {
        AgentConfig config = ConfigLoader.load("profile=prod");
        int depth = config.get(ConfigKeys.STACK_DEPTH);
        long before = RetainedHeap.settledHeapUsed();

        SiteRegistry sites = new SiteRegistry(config.get(ConfigKeys.MAX_SITES));
        AllocationSampler sampler = new AllocationSampler(sites, config.get(ConfigKeys.MAX_STACKS), depth,
                config.get(ConfigKeys.SAMPLE_INTERVAL), 0, System::nanoTime, () -> -1);
        MethodAllocations methods = new MethodAllocations(config.get(ConfigKeys.MAX_TRACKED_METHODS), () -> -1);
        String[] types = {"byte[]", "java.lang.String", "java.util.ArrayList", "java.util.HashMap$Node", "long[]",
                "java.lang.Object[]", "com.example.model.Order", "com.example.model.LineItem"};
        for (int s = 0; s < SITES; s++) {
            int cls = s / SITES_PER_CLASS;
            String className = "com.example.generated.module" + (cls % 50) + ".GeneratedService" + cls;
            int id = sites.register(className, "operation" + (s % SITES_PER_CLASS / 4), "(Ljava/lang/String;I)V",
                    s % 4, "GeneratedService" + cls + ".java", 100 + s % SITES_PER_CLASS, types[s % types.length], "object");
            String[] frames = new String[depth];
            for (int f = 0; f < depth; f++) {
                frames[f] = className + ".frame" + f + "(GeneratedService" + cls + ".java:" + (s + f) + ")";
            }
            sampler.record(id, 64, 512 * 1024, frames);
        }
        for (int m = 0; m < config.get(ConfigKeys.MAX_TRACKED_METHODS) + 10; m++) {
            int id = methods.register("com.example.web.Handler" + m, "handle", "(Lcom/sun/net/httpserver/HttpExchange;)V");
            methods.exited(id, 1000 + m);
        }
        sampler.rotateWindow();
        AllocationSampler.Snapshot snapshot = sampler.snapshot();
        long after = RetainedHeap.settledHeapUsed();
        long retained = after - before;
        System.out.printf("heapwise allocation profiler retained heap: %d sites registered (%d overflowed), %d stacks,"
                        + " %d tracked methods = %.2f MB%n", sites.size() - 1, sites.overflowed(), snapshot.stacks().size(),
                methods.tracked(), retained / 1048576.0);
        assertThat(sites.size() - 1).isEqualTo(config.get(ConfigKeys.MAX_SITES));
        assertThat(sites.overflowed()).isEqualTo(SITES - config.get(ConfigKeys.MAX_SITES));
        assertThat(snapshot.stacks()).hasSize(config.get(ConfigKeys.MAX_STACKS));
        assertThat(retained).as("retained bytes").isLessThan(32L << 20);
        // keep everything reachable until measured
        assertThat(sampler.snapshot().totalSamples()).isEqualTo(SITES);
        assertThat(methods.tracked()).isEqualTo(config.get(ConfigKeys.MAX_TRACKED_METHODS));
    }
}
