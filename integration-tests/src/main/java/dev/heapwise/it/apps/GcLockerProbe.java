package dev.heapwise.it.apps;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * How often this JVM drops a requested full collection while another thread is inside a JNI critical
 * region: one daemon thread inflates a compressed megabyte in a loop (the JDK's zip code holds the
 * region while it inflates), and main asks for {@code System.gc()} N times (default 200), checking each
 * against the count of the collector bean that marks the whole heap. Prints one line:
 * {@code <bean> dropped <k> of <N>}. No agent needed; {@code scripts/gc-locker-probe} runs it per JDK
 * and collector.
 */
public final class GcLockerProbe {
    private GcLockerProbe() {
    }

    public static void main(String[] args) {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        byte[] compressed = compressedMegabyte();
        Thread inflating = new Thread(() -> inflateForever(compressed), "inflating");
        inflating.setDaemon(true);
        inflating.start();
        GarbageCollectorMXBean wholeHeap = wholeHeapBean();
        int dropped = 0;
        for (int i = 0; i < requests; i++) {
            long before = wholeHeap.getCollectionCount();
            System.gc();
            if (wholeHeap.getCollectionCount() == before) {
                dropped++;
            }
        }
        System.out.println(wholeHeap.getName() + " dropped " + dropped + " of " + requests);
    }

    /** Half random, half zeros: inflating it takes long enough for the region to be held most of the time. */
    private static byte[] compressedMegabyte() {
        byte[] plain = new byte[1 << 20];
        new Random(1).nextBytes(plain);
        for (int i = 0; i < plain.length; i += 2) {
            plain[i] = 0;
        }
        Deflater deflater = new Deflater();
        deflater.setInput(plain);
        deflater.finish();
        byte[] out = new byte[2 << 20];
        int n = deflater.deflate(out);
        deflater.end();
        return java.util.Arrays.copyOf(out, n);
    }

    private static void inflateForever(byte[] compressed) {
        byte[] out = new byte[2 << 20];
        while (true) {
            Inflater inflater = new Inflater();
            inflater.setInput(compressed);
            try {
                inflater.inflate(out);
            } catch (DataFormatException e) {
                throw new IllegalStateException(e);
            } finally {
                inflater.end();
            }
        }
    }

    /** The bean counting full collections (G1, Parallel, Serial) or whole-heap cycles (ZGC). */
    private static GarbageCollectorMXBean wholeHeapBean() {
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            String n = b.getName();
            if (n.contains("MarkSweep") || n.contains("Old") || n.equals("ZGC Cycles") || n.equals("ZGC Major Cycles")) {
                return b;
            }
        }
        throw new IllegalStateException("no whole-heap collector bean in " + ManagementFactory.getGarbageCollectorMXBeans());
    }
}
