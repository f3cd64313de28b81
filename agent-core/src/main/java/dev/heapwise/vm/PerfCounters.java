package dev.heapwise.vm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * HotSpot's own performance counters (what {@code jstat} reads), from this JVM's shared-memory file
 * {@code <tmpdir>/hsperfdata_<user>/<pid>}, mapped read-only: reading a counter is a memory read,
 * nothing is called in the JVM. Used where no MXBean says what is needed (JDK 17's G1 reports no
 * notification for its concurrent cycles; its concurrent pause count is a counter). Absent when the
 * JVM runs with {@code -XX:-UsePerfData} or {@code -XX:+PerfDisableSharedMem}: {@link #open} is then null.
 *
 * <p>The file's layout (HotSpot's perfMemory.hpp): a prologue (magic 0xcafec0c0, byte order, version,
 * used bytes, entry offset, entry count) and entries (length, name offset, vector length, type, flags,
 * units, variability, data offset), each a NUL-terminated name and its data. Entries are only ever
 * appended, so a name's position, once found, stays valid.
 */
public final class PerfCounters {
    private static final int MAGIC = 0xcafec0c0;

    private final MappedByteBuffer data;
    private final Map<String, Integer> offsets = new LinkedHashMap<>();
    private int scannedEntries;
    private int nextEntry;

    private PerfCounters(MappedByteBuffer data) {
        this.data = data;
        data.order(data.get(4) == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        this.nextEntry = data.getInt(24);
    }

    /** This JVM's counters, or null where it publishes none. */
    public static PerfCounters open() {
        String user = System.getProperty("user.name");
        Path file = Path.of(System.getProperty("java.io.tmpdir"), "hsperfdata_" + user,
                Long.toString(ProcessHandle.current().pid()));
        if (!Files.isRegularFile(file)) {
            file = Path.of("/tmp", "hsperfdata_" + user, Long.toString(ProcessHandle.current().pid()));
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (ch.size() < 32) {
                return null;
            }
            MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
            if (map.order(ByteOrder.BIG_ENDIAN).getInt(0) != MAGIC) {
                return null;
            }
            return new PerfCounters(map);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The value of a long counter, or -1 where there is no such counter. */
    public synchronized long get(String name) {
        Integer at = offsets.get(name);
        if (at == null) {
            scan();
            at = offsets.get(name);
            if (at == null) {
                return -1;
            }
        }
        return data.getLong(at);
    }

    /** Every long counter's name and value (for diagnostics and tests). */
    public synchronized Map<String, Long> all() {
        scan();
        Map<String, Long> out = new LinkedHashMap<>();
        offsets.forEach((k, v) -> out.put(k, data.getLong(v)));
        return out;
    }

    /** Reads the entries appended since the last scan. */
    private void scan() {
        int entries = data.getInt(28);
        while (scannedEntries < entries && nextEntry + 20 <= data.capacity()) {
            int start = nextEntry;
            int length = data.getInt(start);
            if (length <= 0) {
                return;
            }
            int nameOffset = data.getInt(start + 4);
            int vectorLength = data.getInt(start + 8);
            byte type = data.get(start + 12);
            int dataOffset = data.getInt(start + 16);
            if (type == 'J' && vectorLength == 0) {
                offsets.put(readName(start + nameOffset, start + dataOffset), start + dataOffset);
            }
            nextEntry = start + length;
            scannedEntries++;
        }
    }

    private String readName(int from, int limit) {
        int end = from;
        while (end < limit && data.get(end) != 0) {
            end++;
        }
        byte[] b = new byte[end - from];
        ByteBuffer view = data.duplicate();
        view.position(from);
        view.get(b);
        return new String(b, StandardCharsets.US_ASCII);
    }
}
