package dev.heapwise.profile;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PoolKindTest {
    @Test
    void namesOfEveryCollector() {
        assertThat(PoolKind.of("G1 Eden Space", true)).isEqualTo(PoolKind.EDEN);
        assertThat(PoolKind.of("PS Survivor Space", true)).isEqualTo(PoolKind.SURVIVOR);
        assertThat(PoolKind.of("Tenured Gen", true)).isEqualTo(PoolKind.OLD);
        assertThat(PoolKind.of("G1 Old Gen", true)).isEqualTo(PoolKind.OLD);
        assertThat(PoolKind.of("ZHeap", true)).isEqualTo(PoolKind.HEAP);
        assertThat(PoolKind.of("ZGC Young Generation", true)).isEqualTo(PoolKind.YOUNG);
        assertThat(PoolKind.of("ZGC Old Generation", true)).isEqualTo(PoolKind.OLD);
        assertThat(PoolKind.of("Metaspace", false)).isEqualTo(PoolKind.METASPACE);
        assertThat(PoolKind.of("Compressed Class Space", false)).isEqualTo(PoolKind.COMPRESSED_CLASS);
        assertThat(PoolKind.of("CodeHeap 'profiled nmethods'", false)).isEqualTo(PoolKind.CODE_CACHE);
        assertThat(PoolKind.OLD.holdsLiveSet()).isTrue();
        assertThat(PoolKind.HEAP.holdsLiveSet()).isTrue();
        assertThat(PoolKind.EDEN.holdsLiveSet()).isFalse();
    }
}
