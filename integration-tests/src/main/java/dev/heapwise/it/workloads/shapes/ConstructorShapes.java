package dev.heapwise.it.workloads.shapes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Constructors in the shapes that trouble a rewriter that records {@code NEW} after the constructor
 * returns: {@code super(...)} and {@code this(...)} with allocations (and ternaries, and nested
 * constructions) in their arguments, so the operand stack holds uninitialized objects across other
 * allocations and branches; constructors that throw, with the half-built object abandoned; and
 * long/double parameters that take two slots.
 */
public final class ConstructorShapes {
    private ConstructorShapes() {
    }

    static class Base {
        final int[] data;
        final StringBuilder log;
        final Object extra;

        Base(int[] data, StringBuilder log, Object extra) {
            this.data = data;
            this.log = log.append("|base").append(data.length);
            this.extra = extra;
        }

        String describe() {
            return getClass().getSimpleName() + Arrays.toString(data) + log + ":" + render(extra);
        }
    }

    static final class Derived extends Base {
        final List<String> notes = new ArrayList<>(List.of("field-init"));

        Derived(int n) {
            super(new int[n], new StringBuilder("n=").append(n),
                    n % 2 == 0 ? new ArrayList<>(List.of(n, n * 2)) : new Object[]{n, "odd"});
        }

        /** this(...) whose argument allocates on both arms of a ternary. */
        Derived(String s) {
            this(s == null ? new String(new char[]{'n', 'u'}).length() : new StringBuilder(s).reverse().length());
            notes.add("from string " + s);
        }

        /** super(...) whose arguments hold another whole construction of this class. */
        Derived(int[] values, boolean nested) {
            super(values.clone(), new StringBuilder(new String(new char[]{'v'})),
                    nested ? new Derived(values.length) : new int[values.length][2]);
        }

        @Override
        String describe() {
            return super.describe() + notes;
        }
    }

    /** Throws from its constructor after allocating: the object under construction never escapes. */
    static final class Fragile {
        final long[] buffer;

        Fragile(int n) {
            buffer = new long[Math.max(n, 0)];
            if (n < 0) {
                throw new IllegalArgumentException("negative size " + n);
            }
        }
    }

    /** Throws from the superclass constructor: the subclass's field initializers never run. */
    static final class FragileChild extends Base {
        final Object tail = new Object[]{"never"};

        FragileChild(int n) {
            super(new int[check(n)], new StringBuilder(), null);
        }

        private static int check(int n) {
            if (n > 100) {
                throw new IllegalStateException("too big " + n);
            }
            return n;
        }
    }

    /** Two-slot parameters and locals around allocations. */
    static final class Wide {
        final String text;

        Wide(long a, double b, long[] c, Object d) {
            double local = b * 2;
            long other = a + c.length;
            text = other + "/" + local + "/" + Arrays.toString(c) + "/" + render(d);
        }
    }

    record Pair(Object left, Object right) {
    }

    public static String run(int seed) {
        StringBuilder out = new StringBuilder();
        out.append(new Derived(seed % 5).describe()).append('\n');
        out.append(new Derived(seed % 3 == 0 ? null : "abc" + seed).describe()).append('\n');
        out.append(new Derived(new int[]{seed, seed + 1, seed + 2}, seed % 2 == 0).describe()).append('\n');
        // A construction nested three deep in constructor arguments, with a branch in the middle.
        Pair p = new Pair(new Pair(new int[seed % 4], seed > 2 ? new StringBuilder("big") : new Pair(null, null)),
                new Wide(seed, seed / 3.0, new long[]{seed, -seed}, new Derived(1)));
        out.append(render(p.left())).append(((Wide) p.right()).text).append('\n');
        for (int n : new int[]{-seed - 1, seed}) {
            try {
                out.append("fragile ").append(new Fragile(n).buffer.length);
            } catch (IllegalArgumentException e) {
                out.append("caught ").append(e.getMessage());
            }
            try {
                out.append(" child ").append(new FragileChild(n * 60).describe());
            } catch (IllegalStateException | NegativeArraySizeException e) {
                out.append(" caught ").append(e.getClass().getSimpleName()).append(' ').append(e.getMessage());
            }
            out.append('\n');
        }
        // A construction whose argument throws: NEW has run, the constructor never does.
        try {
            out.append(new Pair(new int[seed], failing(seed)));
        } catch (UnsupportedOperationException e) {
            out.append("argument failed: ").append(e.getMessage()).append('\n');
        }
        new Object(); // a construction whose result is dropped at once
        return out.toString();
    }

    private static Object failing(int seed) {
        throw new UnsupportedOperationException("no argument for " + seed);
    }

    static String render(Object o) {
        if (o instanceof int[][] a) {
            return Arrays.deepToString(a);
        }
        if (o instanceof int[] a) {
            return Arrays.toString(a);
        }
        if (o instanceof Object[] a) {
            return Arrays.deepToString(a);
        }
        if (o instanceof Base b) {
            return b.describe();
        }
        if (o instanceof Pair p) {
            return "Pair(" + render(p.left()) + "," + render(p.right()) + ")";
        }
        return String.valueOf(o);
    }
}
