package dev.heapwise.pool;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BufferPoolTest {
    @Test
    void concurrentLeasesAreCountedExactlyAndNoBufferIsEverHeldTwice() throws Exception {
        BufferPools registry = new BufferPools(64L << 20);
        BufferPool pool = registry.create("p", 256, 16, false);
        int threads = 8;
        int ops = 20_000;
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long mark = t + 1;
            Thread w = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < ops; i++) {
                        try (BufferPool.Lease lease = pool.acquire()) {
                            ByteBuffer b = lease.buffer();
                            assertThat(b.position()).isZero();
                            // if another thread held this buffer now, it would overwrite the mark
                            b.putLong(0, mark);
                            Thread.onSpinWait();
                            assertThat(b.getLong(0)).isEqualTo(mark);
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            w.start();
            workers.add(w);
        }
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        assertThat(failure.get()).isNull();
        Map<String, Object> s = pool.stats();
        long total = (long) threads * ops;
        assertThat(s.get("acquired")).isEqualTo(total);
        assertThat((long) s.get("hits") + (long) s.get("misses")).isEqualTo(total);
        assertThat(s.get("released")).isEqualTo(total);
        assertThat(s.get("in_use")).isEqualTo(0L);
        assertThat((long) s.get("misses")).isLessThanOrEqualTo(threads + (long) s.get("dropped"));
        assertThat((int) s.get("free")).isLessThanOrEqualTo(16);
    }

    @Test
    void aLeaseClosedTwiceReturnsItsBufferOnceAndCannotBeUsedAfter() {
        BufferPool pool = new BufferPool("p", 64, 4, false);
        BufferPool.Lease lease = pool.acquire();
        lease.close();
        lease.close();
        assertThat(pool.stats()).containsEntry("released", 1L).containsEntry("free", 1);
        assertThatThrownBy(lease::buffer).isInstanceOf(IllegalStateException.class);
        try (BufferPool.Lease again = pool.acquire()) {
            assertThat(again.buffer().capacity()).isEqualTo(64);
        }
        assertThat(pool.stats()).containsEntry("hits", 1L).containsEntry("misses", 1L);
    }

    @Test
    void theRegistryRefusesBadNamesDuplicatesAndWhatExceedsItsBound() throws Exception {
        BufferPools registry = new BufferPools(1 << 20);
        registry.create("a.b-c_1", 1024, 512, true);
        assertThatThrownBy(() -> registry.create("a.b-c_1", 1, 1, false)).isInstanceOf(BufferPools.Refused.class)
                .satisfies(e -> assertThat(((BufferPools.Refused) e).status()).isEqualTo(409));
        assertThatThrownBy(() -> registry.create("bad name", 1, 1, false))
                .satisfies(e -> assertThat(((BufferPools.Refused) e).status()).isEqualTo(400));
        for (String dots : new String[]{".", ".."}) {
            assertThatThrownBy(() -> registry.create(dots, 1, 1, false))
                    .satisfies(e -> assertThat(((BufferPools.Refused) e).status()).isEqualTo(400));
        }
        registry.create("...", 1, 1, false); // addressable: only '.' and '..' are path segments a URL resolves away
        registry.delete("...");
        // 512 KB reserved; another 600 KB would pass the 1 MB bound
        assertThatThrownBy(() -> registry.create("big", 1024, 600, false))
                .satisfies(e -> assertThat(((BufferPools.Refused) e).status()).isEqualTo(400))
                .hasMessageContaining("maxPoolSize");
        assertThat(registry.delete("a.b-c_1")).isTrue();
        assertThat(registry.delete("a.b-c_1")).isFalse();
        registry.create("big", 1024, 600, false);
        for (int i = 1; i < BufferPools.MAX_POOLS; i++) {
            registry.create("tiny-" + i, 1, 1, false);
        }
        assertThatThrownBy(() -> registry.create("one-too-many", 1, 1, false))
                .satisfies(e -> assertThat(((BufferPools.Refused) e).status()).isEqualTo(409))
                .hasMessageContaining("delete one first");
        assertThat(registry.all()).hasSize(BufferPools.MAX_POOLS);
    }

    @Test
    void aBufferReleasedIntoADeletedPoolIsDropped() throws Exception {
        BufferPools registry = new BufferPools(1 << 20);
        BufferPool pool = registry.create("gone", 128, 4, false);
        BufferPool.Lease out = pool.acquire();
        registry.delete("gone");
        out.close();
        assertThat(pool.stats()).containsEntry("dropped", 1L).containsEntry("free", 0).containsEntry("in_use", 0L);
    }
}
