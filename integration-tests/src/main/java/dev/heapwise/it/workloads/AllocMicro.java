package dev.heapwise.it.workloads;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Allocation as the whole job: small objects, arrays of many sizes and element types, strings, boxed
 * numbers outside the box caches and short-lived collections, about 700 allocations per operation.
 * Some results are kept for a while in a ring (they die young but not at once, as in real code) and
 * some never escape their method, so that a rewriting which defeats escape analysis shows here first.
 */
public final class AllocMicro implements Workload {
    private static final int[] ARRAY_SIZES = {0, 1, 3, 8, 17, 64, 100, 256, 1000, 4096};
    private static final int RING = 8192;
    /** About 200,000 allocations: the correctness test runs the digest with every one of them sampled. */
    private static final int DIGEST_OPERATIONS = 300;

    private final Object[] ring = new Object[RING];
    private int slot;

    public static void main(String[] args) {
        WorkloadRunner.main(new AllocMicro(), args);
    }

    /** A small object with a reference field: 24 bytes with compressed oops. */
    record Cell(long value, Object next) {
    }

    @Override
    public String name() {
        return "allocmicro";
    }

    @Override
    public long operation(long i) {
        long acc = 0;
        Object chain = null;
        for (int k = 0; k < 64; k++) {
            chain = new Cell(i + k, chain);
            acc += local(i, k);
            int size = ARRAY_SIZES[(int) ((i + k) % ARRAY_SIZES.length)];
            switch (k & 3) {
                case 0 -> keep(new int[size]);
                case 1 -> keep(new byte[size * 4]);
                case 2 -> keep(new long[size / 2]);
                default -> keep(new Object[size / 4]);
            }
            String s = "item-" + k + "-" + i;
            acc += s.length();
            Long boxed = i * 1_000 + k + 1_000;
            Integer small = k * 300;
            acc += boxed.hashCode() + small.hashCode();
            if ((k & 7) == 0) {
                List<Integer> list = new ArrayList<>();
                Map<String, Long> map = new HashMap<>();
                for (int n = 0; n < 6; n++) {
                    list.add(n * 1_000 + k);
                    map.put(s + n, boxed + n);
                }
                acc += list.size() + map.size() + map.get(s + 3);
                keep(k % 16 == 0 ? list : map);
            }
        }
        keep(chain);
        return acc;
    }

    /** Allocations that never leave this method: escape analysis may remove them, and should be able to. */
    private static long local(long i, int k) {
        Cell a = new Cell(i, null);
        Cell b = new Cell(k, a);
        long[] pair = new long[]{a.value(), b.value()};
        return pair[0] + pair[1] + (b.next() == a ? 1 : 0);
    }

    private void keep(Object o) {
        ring[slot] = o;
        slot = (slot + 1) & (RING - 1);
    }

    @Override
    public void digest(Digest d) {
        for (long i = 0; i < DIGEST_OPERATIONS; i++) {
            d.add(operation(i));
        }
        long cells = 0;
        long elements = 0;
        for (Object o : ring) {
            if (o instanceof Cell c) {
                for (Object n = c; n instanceof Cell cell; n = cell.next()) {
                    cells += cell.value();
                }
            } else if (o instanceof int[] a) {
                elements += a.length;
            } else if (o instanceof byte[] a) {
                elements += a.length;
            } else if (o instanceof long[] a) {
                elements += a.length;
            } else if (o instanceof Object[] a) {
                elements += a.length;
            } else if (o instanceof List<?> l) {
                elements += l.size();
            } else if (o instanceof Map<?, ?> m) {
                elements += m.size();
            }
        }
        d.add(cells).add(elements).add(slot);
    }
}
