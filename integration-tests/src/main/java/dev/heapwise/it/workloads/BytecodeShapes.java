package dev.heapwise.it.workloads;

import dev.heapwise.it.workloads.shapes.ArrayShapes;
import dev.heapwise.it.workloads.shapes.ConstructorShapes;
import dev.heapwise.it.workloads.shapes.ControlFlowShapes;
import dev.heapwise.it.workloads.shapes.FunctionalShapes;
import dev.heapwise.it.workloads.shapes.StaticShapes;

/**
 * Project-owned code in the bytecode shapes an allocation rewriter must get right (see the classes of
 * the {@code shapes} package for each family). The digest is the text every shape returns, for a range
 * of seeds that drive each branch both ways; any change the rewriting makes to behaviour shows as a
 * different digest, a VerifyError shows as a failed run.
 */
public final class BytecodeShapes implements Workload {
    private static final int DIGEST_SEEDS = 40;

    public static void main(String[] args) {
        WorkloadRunner.main(new BytecodeShapes(), args);
    }

    @Override
    public String name() {
        return "shapes";
    }

    @Override
    public long operation(long i) {
        return all((int) (i % DIGEST_SEEDS)).length();
    }

    @Override
    public void digest(Digest d) {
        for (int seed = 0; seed < DIGEST_SEEDS; seed++) {
            d.add(all(seed));
        }
    }

    static String all(int seed) {
        return ConstructorShapes.run(seed) + ArrayShapes.run(seed) + ControlFlowShapes.run(seed)
                + FunctionalShapes.run(seed) + StaticShapes.run(seed);
    }
}
