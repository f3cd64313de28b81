package dev.heapwise.bootstrap;

import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bridge's entry points must stay small enough for C2 to inline them at every call site: at most
 * {@code MaxInlineSize} (35) bytes of bytecode. Larger, they are inlined only where the call is hot, and
 * each allocation elsewhere pays a real call. Read from the class file itself (a small parser: the
 * bridge depends on java.base only, so its tests do too).
 */
class FastPathSizeTest {
    private static final int MAX_INLINE_SIZE = 35;

    @Test
    void everyFastPathMethodFitsC2sAlwaysInlineSize() throws IOException {
        Map<String, Integer> sizes = codeSizes(AllocationBridge.class);
        for (String m : new String[]{"object", "array", "slot", "arraySize"}) {
            assertThat(sizes).containsKey(m);
            assertThat(sizes.get(m)).as("bytecode size of AllocationBridge." + m).isLessThanOrEqualTo(MAX_INLINE_SIZE);
        }
    }

    /** Method name to the length of its Code attribute (the last method of a name wins: no overloads here). */
    static Map<String, Integer> codeSizes(Class<?> type) throws IOException {
        Map<String, Integer> out = new HashMap<>();
        try (InputStream raw = type.getResourceAsStream(type.getSimpleName() + ".class");
             DataInputStream in = new DataInputStream(raw)) {
            in.readInt(); // magic
            in.readUnsignedShort();
            in.readUnsignedShort();
            int count = in.readUnsignedShort();
            String[] utf8 = new String[count];
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8[i] = in.readUTF();
                    case 3, 4 -> in.readInt();
                    case 5, 6 -> {
                        in.readLong();
                        i++; // longs and doubles take two entries
                    }
                    case 7, 8, 16, 19, 20 -> in.readUnsignedShort();
                    case 9, 10, 11, 12, 17, 18 -> in.readInt();
                    case 15 -> {
                        in.readUnsignedByte();
                        in.readUnsignedShort();
                    }
                    default -> throw new IOException("constant pool tag " + tag);
                }
            }
            in.readUnsignedShort(); // access
            in.readUnsignedShort(); // this
            in.readUnsignedShort(); // super
            in.skipBytes(2 * in.readUnsignedShort()); // interfaces
            skipMembers(in, utf8, null); // fields
            skipMembers(in, utf8, out); // methods
        }
        return out;
    }

    private static void skipMembers(DataInputStream in, String[] utf8, Map<String, Integer> codeSizes) throws IOException {
        int members = in.readUnsignedShort();
        for (int m = 0; m < members; m++) {
            in.readUnsignedShort();
            String name = utf8[in.readUnsignedShort()];
            in.readUnsignedShort();
            int attributes = in.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                String attribute = utf8[in.readUnsignedShort()];
                int length = in.readInt();
                if (codeSizes != null && attribute.equals("Code")) {
                    in.readUnsignedShort();
                    in.readUnsignedShort();
                    int code = in.readInt();
                    codeSizes.put(name, code);
                    in.skipBytes(length - 8);
                } else {
                    in.skipBytes(length);
                }
            }
        }
    }
}
