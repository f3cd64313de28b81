package dev.heapwise.bootstrap;

import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bridge's entry points carry HotSpot's {@code @ForceInline} (inlined at every site, 1 byte of the
 * compiled method's inlining budget each), and must still be small enough for C2 to inline them at every
 * call site where the annotation is not honoured: at most {@code MaxInlineSize} (35) bytes of bytecode.
 * The slow path carries {@code @DontInline}. Read from the class file itself (a small parser: the bridge
 * depends on java.base only, so its tests do too).
 */
class FastPathSizeTest {
    private static final int MAX_INLINE_SIZE = 35;
    private static final String[] FAST_PATH = {"object", "array", "slot", "arraySize"};

    @Test
    void everyFastPathMethodFitsC2sAlwaysInlineSize() throws IOException {
        Map<String, Integer> sizes = new HashMap<>();
        read(AllocationBridge.class, sizes, new HashMap<>());
        for (String m : FAST_PATH) {
            assertThat(sizes).containsKey(m);
            assertThat(sizes.get(m)).as("bytecode size of AllocationBridge." + m).isLessThanOrEqualTo(MAX_INLINE_SIZE);
        }
    }

    @Test
    void theFastPathIsForceInlinedAndTheSlowPathIsNot() throws IOException {
        Map<String, String> annotations = new HashMap<>();
        read(AllocationBridge.class, new HashMap<>(), annotations);
        for (String m : FAST_PATH) {
            assertThat(annotations.get(m)).as("annotations of AllocationBridge." + m)
                    .isEqualTo("Ljdk/internal/vm/annotation/ForceInline;");
        }
        assertThat(annotations.get("slow")).isEqualTo("Ljdk/internal/vm/annotation/DontInline;");
    }

    /**
     * Per method name (the last of a name wins: no overloads here), the length of its Code attribute and
     * the types of its runtime-visible annotations (annotations without elements only, as the bridge's are).
     */
    static void read(Class<?> type, Map<String, Integer> codeSizes, Map<String, String> annotations) throws IOException {
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
            readMembers(in, utf8, null, null); // fields
            readMembers(in, utf8, codeSizes, annotations); // methods
        }
    }

    private static void readMembers(DataInputStream in, String[] utf8, Map<String, Integer> codeSizes,
                                    Map<String, String> annotations) throws IOException {
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
                } else if (annotations != null && attribute.equals("RuntimeVisibleAnnotations")) {
                    StringBuilder types = new StringBuilder();
                    int count = in.readUnsignedShort();
                    for (int i = 0; i < count; i++) {
                        types.append(i == 0 ? "" : " ").append(utf8[in.readUnsignedShort()]);
                        if (in.readUnsignedShort() != 0) {
                            throw new IOException("annotation with elements on " + name);
                        }
                    }
                    annotations.put(name, types.toString());
                } else {
                    in.skipBytes(length);
                }
            }
        }
    }
}
