package dev.heapwise.it.workloads.shapes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Allocations behind indirection: lambdas (capturing and not) whose bodies allocate, constructor and
 * array-constructor references, inner classes that capture their outer instance, anonymous classes
 * with initializer blocks, local classes capturing locals, generic methods (including generic arrays
 * made through Object[]), varargs call sites (which allocate an array the source never shows), and
 * default and static interface methods.
 */
public final class FunctionalShapes {
    private final String name;
    private final List<String> seen = new ArrayList<>();

    private FunctionalShapes(String name) {
        this.name = name;
    }

    interface Shape {
        int sides();

        default int[] corners() {
            return new int[sides()];
        }

        static Shape of(int n) {
            return () -> n;
        }
    }

    /** An inner class: every instance holds its outer instance, allocated through outer.new. */
    final class Visit {
        final String label;

        Visit(int n) {
            label = name + "#" + n;
            seen.add(label);
        }
    }

    public static String run(int seed) {
        FunctionalShapes outer = new FunctionalShapes("outer" + seed);
        StringBuilder out = new StringBuilder();
        List<Object> made = new ArrayList<>();

        Supplier<List<String>> captured = () -> new ArrayList<>(List.of("cap" + seed, outer.name));
        Supplier<StringBuilder> ctorRef = StringBuilder::new;
        Function<String, StringBuilder> ctorRefArg = StringBuilder::new;
        IntFunction<int[]> arrayRef = int[]::new;
        IntFunction<String[][]> arrayRef2 = String[][]::new;
        BiFunction<FunctionalShapes, Integer, Visit> innerRef = (o, n) -> o.new Visit(n);
        Function<Integer, Visit> boundInner = outer::visit;
        made.add(captured.get());
        made.add(ctorRef.get().append("ref").append(seed));
        made.add(ctorRefArg.apply("arg" + seed).reverse());
        made.add(arrayRef.apply(seed % 6).length);
        made.add(arrayRef2.apply(2).length);
        made.add(innerRef.apply(outer, seed).label);
        made.add(boundInner.apply(seed + 1).label);
        made.add(outer.new Visit(-seed).label);

        Comparable<String> anonymous = new Comparable<>() {
            private final List<Integer> init = new ArrayList<>();

            {
                for (int i = 0; i < seed % 4; i++) {
                    init.add(i * seed);
                }
            }

            @Override
            public int compareTo(String o) {
                return init.size() - o.length();
            }

            @Override
            public String toString() {
                return "anon" + init;
            }
        };
        made.add(anonymous.toString() + anonymous.compareTo("xy"));

        int base = seed * 3;
        class Local {
            final long[] values;

            Local(int n) {
                values = new long[]{base, n, (long) base * n};
            }
        }
        made.add(Arrays.toString(new Local(seed).values));

        made.add(twice("g" + seed));
        made.add(Arrays.toString(filled(3, seed)));
        made.add(sum());
        made.add(sum(seed));
        made.add(sum(seed, 1, 2, 3));
        made.add(Arrays.asList(seed, "x", null, 2.5));
        made.add(String.format(java.util.Locale.ROOT, "%d-%s-%.2f", seed, "f", seed / 3.0));
        made.add(Arrays.toString(Shape.of(seed % 5).corners()));

        Map<Integer, List<String>> grouped = IntStream.range(0, 12 + seed % 5)
                .mapToObj(i -> "v" + i * seed)
                .collect(Collectors.groupingBy(String::length, TreeMap::new, Collectors.toList()));
        made.add(grouped);
        made.add(IntStream.rangeClosed(1, 5).boxed().map(i -> new int[i]).mapToInt(a -> a.length).sum());
        made.add(outer.seen);
        for (Object o : made) {
            out.append(o).append(';');
        }
        return out.append('\n').toString();
    }

    private Visit visit(int n) {
        return new Visit(n);
    }

    static <T> List<T> twice(T t) {
        List<T> l = new ArrayList<>(2);
        l.add(t);
        l.add(t);
        return l;
    }

    @SuppressWarnings("unchecked")
    static <T> T[] filled(int n, T value) {
        T[] a = (T[]) new Object[n];
        Arrays.fill(a, value);
        return a;
    }

    static int sum(int... values) {
        int s = values.length * 1000;
        for (int v : values) {
            s += v;
        }
        return s;
    }
}
