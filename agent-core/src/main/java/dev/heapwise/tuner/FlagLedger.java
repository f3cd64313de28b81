package dev.heapwise.tuner;

import dev.heapwise.vm.VmFlags;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every flag the tuner changed and the value it had before the first change, so that all can be put
 * back (tuner switched off, JVM shutting down). Writes pairs of flags in an order the JVM accepts:
 * HotSpot rejects MaxHeapFreeRatio below MinHeapFreeRatio (and the reverse) at every single step.
 */
final class FlagLedger {
    private final VmFlags flags;
    private final Map<String, String> originals = new LinkedHashMap<>();

    FlagLedger(VmFlags flags) {
        this.flags = flags;
    }

    String current(String name) {
        return flags.get(name);
    }

    /** The value before the tuner's first change, or the current value where it changed nothing. */
    String original(String name) {
        String o = originals.get(name);
        return o != null ? o : flags.get(name);
    }

    boolean changed(String name) {
        String o = originals.get(name);
        return o != null && !o.equals(flags.get(name));
    }

    boolean writeable(String name) {
        return flags.writeable(name);
    }

    /**
     * Sets the flags in an order every intermediate state is valid in. Throws
     * {@link IllegalArgumentException} when the JVM refuses one; those already set stay set and recorded.
     */
    void set(Map<String, String> values) {
        for (Map.Entry<String, String> e : ordered(values).entrySet()) {
            String before = flags.get(e.getKey());
            if (before == null) {
                throw new IllegalArgumentException("this JVM has no flag " + e.getKey());
            }
            if (before.equals(e.getValue())) {
                continue;
            }
            originals.putIfAbsent(e.getKey(), before);
            flags.set(e.getKey(), e.getValue());
        }
    }

    /** The original values of every flag changed, ready for {@link #set}. */
    Map<String, String> originalsOfChanged() {
        Map<String, String> back = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(originals.keySet());
        for (int i = names.size() - 1; i >= 0; i--) {
            if (changed(names.get(i))) {
                back.put(names.get(i), originals.get(names.get(i)));
            }
        }
        return back;
    }

    /**
     * Min/MaxHeapFreeRatio: when the new minimum is above the current maximum, the maximum must move
     * first; otherwise the minimum first (so that a new maximum below the current minimum is valid).
     */
    private Map<String, String> ordered(Map<String, String> values) {
        String min = values.get("MinHeapFreeRatio");
        String max = values.get("MaxHeapFreeRatio");
        if (min == null || max == null) {
            return values;
        }
        Map<String, String> out = new LinkedHashMap<>();
        String currentMax = flags.get("MaxHeapFreeRatio");
        boolean maxFirst = currentMax != null && Long.parseLong(min) > Long.parseLong(currentMax);
        out.put(maxFirst ? "MaxHeapFreeRatio" : "MinHeapFreeRatio", maxFirst ? max : min);
        out.put(maxFirst ? "MinHeapFreeRatio" : "MaxHeapFreeRatio", maxFirst ? min : max);
        values.forEach(out::putIfAbsent);
        return out;
    }
}
