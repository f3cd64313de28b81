package dev.heapwise.tuner;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlagLedgerTest {
    private static Map<String, String> ratios(int min, int max) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("MaxHeapFreeRatio", String.valueOf(max)); // the wrong order on purpose: the ledger must reorder
        m.put("MinHeapFreeRatio", String.valueOf(min));
        return m;
    }

    @Test
    void tighteningAndLooseningRatiosAreOrderedSoEveryStepIsValid() {
        FakeFlags flags = FakeFlags.hotSpotDefaults();
        FlagLedger ledger = new FlagLedger(flags);
        ledger.set(ratios(5, 10));
        assertThat(flags.values).containsEntry("MinHeapFreeRatio", "5").containsEntry("MaxHeapFreeRatio", "10");
        ledger.set(ratios(60, 90));
        assertThat(flags.values).containsEntry("MinHeapFreeRatio", "60").containsEntry("MaxHeapFreeRatio", "90");
        assertThat(ledger.original("MinHeapFreeRatio")).isEqualTo("40");
        assertThat(ledger.original("MaxHeapFreeRatio")).isEqualTo("70");
    }

    @Test
    void restoresExactlyWhatChangedToItsFirstValue() {
        FakeFlags flags = FakeFlags.hotSpotDefaults();
        FlagLedger ledger = new FlagLedger(flags);
        ledger.set(ratios(10, 20));
        ledger.set(ratios(5, 10));
        ledger.set(Map.of("G1PeriodicGCInterval", "5000"));
        ledger.set(Map.of("G1PeriodicGCInterval", "0")); // back by hand: nothing to restore for it
        Map<String, String> back = ledger.originalsOfChanged();
        assertThat(back).containsOnly(Map.entry("MinHeapFreeRatio", "40"), Map.entry("MaxHeapFreeRatio", "70"));
        ledger.set(back);
        assertThat(flags.values).containsEntry("MinHeapFreeRatio", "40").containsEntry("MaxHeapFreeRatio", "70");
        assertThat(ledger.originalsOfChanged()).isEmpty();
    }

    @Test
    void anUnknownFlagIsRefusedAndNothingIsRecorded() {
        FakeFlags flags = FakeFlags.hotSpotDefaults();
        FlagLedger ledger = new FlagLedger(flags);
        assertThatThrownBy(() -> ledger.set(Map.of("NoSuchFlag", "1"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NoSuchFlag");
        assertThat(ledger.originalsOfChanged()).isEmpty();
        assertThat(flags.writes).isZero();
    }
}
