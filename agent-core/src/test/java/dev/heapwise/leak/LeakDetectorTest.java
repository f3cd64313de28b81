package dev.heapwise.leak;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class LeakDetectorTest {
    /** A pattern that reports whatever the test sets. */
    private static class Scripted implements LeakPattern {
        final List<Finding> next = new ArrayList<>();
        boolean fail;

        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public Map<String, Object> settings() {
            return Map.of("k", 1);
        }

        @Override
        public List<Finding> detect(long nowMs) {
            if (fail) {
                throw new IllegalStateException("pattern bug");
            }
            return List.copyOf(next);
        }
    }

    private static Finding finding(String culprit, Severity severity) {
        return new Finding("scripted", culprit, "thing", severity, 0.999, 10, 100, "bytes", culprit + " grows",
                Map.of(), List.of(new Point(1000, 1), new Point(2000, 2)));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> report, String key) {
        return (List<Map<String, Object>>) report.get(key);
    }

    @Test
    void aSuspectIsRecordedOnceChangesSeverityAndResolvesAfterTwoQuietPasses() {
        Scripted p = new Scripted();
        AtomicLong clock = new AtomicLong(1_000_000);
        LeakDetector d = new LeakDetector(List.of(p), clock::get, 30_000, 10);

        p.next.add(finding("a.B.c(B.java:3)", Severity.MEDIUM));
        Map<String, Object> r = d.detect();
        assertThat(list(r, "suspects")).hasSize(1);
        assertThat(list(r, "suspects").get(0)).containsEntry("culprit", "a.B.c(B.java:3)").containsEntry("severity", "medium");
        assertThat(list(r, "history")).extracting(e -> e.get("event")).containsExactly("suspected");

        clock.addAndGet(30_000);
        r = d.detect();
        assertThat(list(r, "history")).hasSize(1);
        assertThat(list(r, "suspects").get(0).get("first_seen")).isNotEqualTo(list(r, "suspects").get(0).get("last_seen"));

        p.next.set(0, finding("a.B.c(B.java:3)", Severity.CRITICAL));
        r = d.detect();
        assertThat(list(r, "history")).extracting(e -> e.get("event")).containsExactly("suspected", "severity_changed");

        p.next.clear();
        r = d.detect();
        assertThat(list(r, "suspects")).hasSize(1);
        r = d.detect();
        assertThat(list(r, "suspects")).isEmpty();
        assertThat(list(r, "history")).extracting(e -> e.get("event")).containsExactly("suspected", "severity_changed", "resolved");
    }

    @Test
    void aFailingPatternIsSkippedAndHistoryIsBounded() {
        Scripted p = new Scripted();
        LeakDetector d = new LeakDetector(List.of(p), () -> 5, 30_000, 3);
        p.fail = true;
        assertThat(list(d.detect(), "suspects")).isEmpty();
        p.fail = false;
        for (int i = 0; i < 5; i++) {
            p.next.clear();
            p.next.add(finding("c" + i, Severity.LOW));
            d.detect();
        }
        assertThat(list(d.report(), "history")).hasSize(3);
        assertThat(d.patterns()).singleElement().satisfies(m -> assertThat(m).containsEntry("name", "scripted"));
    }

    @Test
    void wasteIsReportedApartFromLeakSuspects() {
        Scripted p = new Scripted() {
            @Override
            public boolean findsLeaks() {
                return false;
            }
        };
        LeakDetector d = new LeakDetector(List.of(p), () -> 5, 30_000, 10);
        p.next.add(finding("heap", Severity.INFO));
        Map<String, Object> r = d.detect();
        assertThat(list(r, "suspects")).isEmpty();
        assertThat(list(r, "waste")).singleElement().satisfies(w -> assertThat(w).containsEntry("culprit", "heap"));
        assertThat(list(r, "history")).extracting(e -> e.get("event")).containsExactly("waste_found");
        assertThat(d.suspects()).isEmpty();
    }
}
