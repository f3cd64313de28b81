package dev.heapwise.http;

import dev.heapwise.pool.BufferPool;
import dev.heapwise.pool.BufferPools;
import dev.heapwise.profile.MemoryProfile;
import dev.heapwise.profile.MemoryProfiler;
import dev.heapwise.sampling.AllocationProfiling;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /v1/memory/pools}: the JVM's memory pools and buffer pools, the managed buffer pools, and
 * allocation sites worth pooling. {@code POST} (token) creates a managed pool from
 * {@code {"name", "object_size", "max_objects", "direct"}}; {@code GET}/{@code DELETE /pools/{name}}
 * read or remove one. Bad input is a 400, a duplicate name 409, an unknown one 404.
 */
public final class PoolApi {
    private static final int CANDIDATES = 10;

    private final BufferPools pools;
    private final MemoryProfiler profiler;
    private final AllocationProfiling allocations;
    private final long candidateMinRate;

    /** @param allocations null when allocation profiling is off (then no candidates) */
    public PoolApi(BufferPools pools, MemoryProfiler profiler, AllocationProfiling allocations, long candidateMinRate) {
        this.pools = pools;
        this.profiler = profiler;
        this.allocations = allocations;
        this.candidateMinRate = candidateMinRate;
    }

    public void register(Router router) {
        String base = MemoryApi.BASE + "/pools";
        router.get(base, r -> {
            r.allowOnly();
            MemoryProfile p = profiler.sample();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("memory_pools", p.pools());
            body.put("buffer_pools", p.bufferPools());
            body.put("managed", managed());
            body.put("managed_max_total_bytes", pools.maxTotalBytes());
            body.put("managed_reserved_bytes", pools.reservedBytes());
            body.put("candidates", allocations == null ? List.of() : allocations.poolCandidates(candidateMinRate, CANDIDATES));
            body.put("candidates_note", allocations == null ? "allocation profiling is off: no candidates"
                    : "array sites allocating one size at " + candidateMinRate + " bytes/s or more since the last reset");
            return body;
        });
        router.postJson(base, r -> {
            r.allowOnly();
            JsonBody b = JsonBody.parse(r.body(), "name", "object_size", "max_objects", "direct");
            String name = b.text("name");
            long size = b.number("object_size", 1, BufferPools.MAX_OBJECT_SIZE, null);
            long count = b.number("max_objects", 1, BufferPools.MAX_OBJECTS, null);
            boolean direct = b.bool("direct", false);
            if (jvmPool(name) != null) {
                throw new ApiException(409, "'" + name + "' is the name of one of the JVM's own pools; choose another");
            }
            try {
                BufferPool pool = pools.create(name, size, count, direct);
                return new Router.Answer(201, pool.stats(), Map.of("Location", base + "/" + pool.name()));
            } catch (BufferPools.Refused e) {
                throw new ApiException(e.status(), e.getMessage());
            }
        });
        router.get(base + "/{name}", r -> {
            r.allowOnly();
            String name = r.pathParams().get("name");
            BufferPool pool = pools.find(name);
            if (pool != null) {
                Map<String, Object> body = new LinkedHashMap<>(pool.stats());
                body.put("kind", "managed");
                return body;
            }
            Object jvm = jvmPool(name);
            if (jvm == null) {
                throw new ApiException(404, "no pool named '" + name + "' (managed pools, the JVM's memory and buffer pools)");
            }
            return jvm;
        });
        router.delete(base + "/{name}", r -> {
            r.allowOnly();
            String name = r.pathParams().get("name");
            if (pools.delete(name)) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("deleted", name);
                return body;
            }
            if (jvmPool(name) != null) {
                throw new ApiException(409, "'" + name + "' is one of the JVM's own pools; only managed pools can be deleted");
            }
            throw new ApiException(404, "no managed pool named '" + name + "'");
        });
    }

    private List<Map<String, Object>> managed() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (BufferPool p : pools.all()) {
            out.add(p.stats());
        }
        return out;
    }

    /** A JVM memory pool or buffer pool of that name, as the profile shows it, with its kind; or null. */
    private Object jvmPool(String name) {
        MemoryProfile p = profiler.sample();
        for (MemoryProfile.Pool pool : p.pools()) {
            if (pool.name().equals(name)) {
                return Map.of("kind", "jvm_memory_pool", "pool", pool);
            }
        }
        for (MemoryProfile.BufferPool pool : p.bufferPools()) {
            if (pool.name().equals(name)) {
                return Map.of("kind", "jvm_buffer_pool", "pool", pool);
            }
        }
        return null;
    }
}
