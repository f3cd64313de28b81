package dev.heapwise.tuner;

import dev.heapwise.vm.VmFlags;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** VM flags in a map, refusing what HotSpot refuses: Max below Min heap free ratio, unknown or read-only flags. */
final class FakeFlags implements VmFlags {
    final Map<String, String> values = new HashMap<>();
    final Set<String> readOnly = new HashSet<>();
    int writes;

    static FakeFlags hotSpotDefaults() {
        FakeFlags f = new FakeFlags();
        f.values.put("MinHeapFreeRatio", "40");
        f.values.put("MaxHeapFreeRatio", "70");
        f.values.put("G1PeriodicGCInterval", "0");
        f.values.put("SoftMaxHeapSize", String.valueOf(4L << 30));
        f.values.put("DisableExplicitGC", "false");
        return f;
    }

    @Override
    public String get(String name) {
        return values.get(name);
    }

    @Override
    public boolean writeable(String name) {
        return values.containsKey(name) && !readOnly.contains(name);
    }

    @Override
    public void set(String name, String value) {
        if (!writeable(name)) {
            throw new IllegalArgumentException("the JVM refused " + name + "=" + value + ": not writeable");
        }
        long v = Long.parseLong(value);
        if (name.equals("MaxHeapFreeRatio") && v < Long.parseLong(values.get("MinHeapFreeRatio"))
                || name.equals("MinHeapFreeRatio") && v > Long.parseLong(values.get("MaxHeapFreeRatio"))) {
            throw new IllegalArgumentException("the JVM refused " + name + "=" + value + ": out of range");
        }
        values.put(name, value);
        writes++;
    }
}
