package dev.heapwise.vm;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** GC.heap_info as JDK 17 and 25 print it for each collector (taken from -Xmx512m JVMs on this machine). */
class HeapRangeTest {
    private static final long MAX = 512L << 20;
    private static final HeapRange EXPECTED = new HeapRange(0xe0000000L, 0x100000000L);

    @Test
    void g1OnJdk17And25() {
        assertThat(HeapRange.parse(" garbage-first heap   total 389120K, used 9886K [0x00000000e0000000, 0x0000000100000000)\n"
                + "  region size 1024K, 8 young (8192K), 3 survivors (3072K)\n"
                + " Metaspace       used 11147K, committed 11392K, reserved 1114112K\n", MAX)).isEqualTo(EXPECTED);
        assertThat(HeapRange.parse("garbage-first heap   total reserved 524288K, committed 389120K, used 22023K"
                + " [0x00000000e0000000, 0x0000000100000000)\n region size 1024K, 20 young (20480K), 3 survivors (3072K)\n", MAX))
                .isEqualTo(EXPECTED);
    }

    @Test
    void parallelAndSerialSpanTheirGenerations() {
        assertThat(HeapRange.parse(" PSYoungGen      total 113152K, used 27495K [0x00000000f5580000, 0x00000000fd380000, 0x0000000100000000)\n"
                + "  eden space 97280K, 28% used [0x00000000f5580000,0x00000000f7059d50,0x00000000fb480000)\n"
                + " ParOldGen       total 258048K, used 0K [0x00000000e0000000, 0x00000000efc00000, 0x00000000f5580000)\n", MAX))
                .isEqualTo(EXPECTED);
        assertThat(HeapRange.parse("DefNew     total 116160K, used 39270K [0x00000000e0000000, 0x00000000e7e00000, 0x00000000eaaa0000)\n"
                + "Tenured    total 258048K, used 1166K [0x00000000eaaa0000, 0x00000000fa6a0000, 0x0000000100000000)\n"
                + " the  space 258048K,   0% used [0x00000000eaaa0000, 0x00000000eabc3ab8, 0x00000000fa6a0000)\n", MAX))
                .isEqualTo(EXPECTED);
    }

    @Test
    void shenandoahsReservedRegionNotItsCollectionSetMap() {
        assertThat(HeapRange.parse("Shenandoah Heap\n 512M max, 512M soft max, 376M committed, 23424K used\n"
                + "Reserved region:\n - [0x00000000e0000000, 0x0000000100000000) \nCollection set:\n"
                + " - map (vanilla): 0x0000000000013800\n", MAX)).isEqualTo(EXPECTED);
    }

    @Test
    void zgcPrintsNoRangeAndARangeOfAnotherSizeIsNotTheHeap() {
        assertThat(HeapRange.parse(" ZHeap           used 46M, capacity 378M, max capacity 512M\n", MAX)).isNull();
        assertThat(HeapRange.parse(" garbage-first heap [0x00000000e0000000, 0x00000000e1000000)\n", MAX)).isNull();
    }

    @Test
    void thisJvmsHeapIsFound() {
        HeapRange r = HeapRange.ofThisJvm();
        boolean zgc = java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                .anyMatch(b -> b.getName().startsWith("ZGC"));
        if (!zgc) {
            assertThat(r).isNotNull();
            assertThat(r.end() - r.start()).isGreaterThanOrEqualTo(Runtime.getRuntime().maxMemory() / 2);
        }
    }
}
