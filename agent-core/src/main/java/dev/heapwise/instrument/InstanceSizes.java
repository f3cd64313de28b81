package dev.heapwise.instrument;

import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.pool.TypePool;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The instance size of a class, computed at transform time from its class file (and its super
 * classes') through a TypePool, so nothing is loaded: header plus the widths of every instance field,
 * aligned to 8. HotSpot packs fields to fill gaps, so with compressed class pointers this sum is exact
 * for nearly every class. The cache is bounded: cleared when full, since an entry is cheap to redo.
 */
final class InstanceSizes {
    private static final int MAX_CACHED = 50_000;

    private final ObjectLayout layout;
    private final ConcurrentHashMap<String, Integer> cache = new ConcurrentHashMap<>();

    InstanceSizes(ObjectLayout layout) {
        this.layout = layout;
    }

    /** The size of an instance of {@code internalName} (slash-separated), or a header-only guess when unreadable. */
    int of(TypePool pool, String internalName) {
        Integer known = cache.get(internalName);
        if (known != null) {
            return known;
        }
        int size = compute(pool, internalName.replace('/', '.'));
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(internalName, size);
        return size;
    }

    private int compute(TypePool pool, String name) {
        long fields = 0;
        try {
            TypePool.Resolution resolution = pool.describe(name);
            if (!resolution.isResolved()) {
                return layout.instanceSize(0);
            }
            TypeDefinition type = resolution.resolve();
            int depth = 0;
            while (type != null && depth++ < 64) {
                for (FieldDescription.InDefinedShape f : type.asErasure().getDeclaredFields()) {
                    if (!f.isStatic()) {
                        fields += width(f.getType().asErasure());
                    }
                }
                TypeDescription.Generic superClass = type.getSuperClass();
                type = superClass == null ? null : superClass.asErasure();
            }
        } catch (RuntimeException unreadable) {
            // a super class missing from the class path: what was read so far is the best estimate
        }
        return layout.instanceSize(fields);
    }

    private int width(TypeDescription type) {
        if (!type.isPrimitive()) {
            return layout.referenceBytes();
        }
        switch (type.getName()) {
            case "long": case "double": return 8;
            case "int": case "float": return 4;
            case "short": case "char": return 2;
            default: return 1;
        }
    }
}
