package dev.heapwise.leak;

import dev.heapwise.sampling.SurvivorTable;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Real objects in a real SurvivorTable, cleared by real collections; markings and time are driven by the test. */
class SurvivorGrowthPatternTest {
    private static final long STEP_MS = 20_000;
    private final AtomicLong markings = new AtomicLong();
    private final SurvivorTable table = new SurvivorTable(4096, markings::get, markings::get);
    private final GrowthRule rule = new GrowthRule(15 * 60_000, 60_000, 5, 0.9, 1, 0);
    private final SurvivorGrowthPattern pattern = new SurvivorGrowthPattern(table, new SiteDescriber() {
        @Override
        public String location(int site) {
            return "a.B.m(B.java:" + site + ")";
        }

        @Override
        public String type(int site) {
            return "byte[]";
        }

        @Override
        public List<String> topStack(int site) {
            return List.of();
        }
    }, rule, 1, () -> -1);

    private void marking(long step) {
        pattern.onMarking(markings.incrementAndGet(), step * STEP_MS);
    }

    private static void add(SurvivorTable table, List<Object> keep, int site, int n) {
        for (int i = 0; i < n; i++) {
            Object o = new byte[64];
            keep.add(o);
            table.add(o, site, 1000);
        }
    }

    @Test
    void aSiteWhoseSurvivorsPileUpIsALeak() {
        List<Object> leaked = new ArrayList<>();
        for (int step = 0; step < 12; step++) {
            add(table, leaked, 7, 10);
            marking(step);
        }
        List<Finding> found = pattern.detect(11 * STEP_MS);
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.culprit()).startsWith("a.B.m(B.java:7)");
            assertThat(f.details()).containsKey("all_sites_bytes_per_minute");
        });
    }

    @Test
    void aSteadyLiveSetRenewedAtAnotherSiteIsNoLeak() throws InterruptedException {
        List<Object> filled = new ArrayList<>();
        add(table, filled, 1, 100);
        List<Object> renewed = new ArrayList<>();
        for (int step = 0; step < 12; step++) {
            filled.subList(0, Math.min(8, filled.size())).clear(); // 8 of the first fill replaced each step
            add(table, renewed, 2, 8);
            awaitCleared(100 + 8 * (step + 1) - filled.size() - renewed.size());
            marking(step);
        }
        assertThat(pattern.detect(11 * STEP_MS)).as("the whole stays flat: the live set only moves from line 1 to line 2").isEmpty();
    }

    /** Collects until {@code n} entries have been cleared (dropped objects are only weakly held by the table). */
    private void awaitCleared(long n) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (table.stats().added() - table.stats().entries() < n && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(10);
        }
        assertThat(table.stats().added() - table.stats().entries()).isGreaterThanOrEqualTo(n);
    }
}
