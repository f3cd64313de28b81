package dev.heapwise.it.workloads.shapes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Allocations in code that runs once or looks like no code at all: static initializers (of a class and
 * of an interface's constants), enum constants with bodies and constructor arguments, records whose
 * compact constructors copy, validate and throw, and string concatenation compiled to invokedynamic
 * with every kind of operand.
 */
public final class StaticShapes {
    private StaticShapes() {
    }

    /** Everything here is built by {@code <clinit>}, which a rewriter sees like any other method. */
    static final class Tables {
        static final int[][] SQUARES = new int[5][5];
        static final List<String> NAMES;
        static final Map<Op, String> SYMBOLS = new EnumMap<>(Op.class);

        static {
            for (int i = 0; i < SQUARES.length; i++) {
                for (int j = 0; j < SQUARES[i].length; j++) {
                    SQUARES[i][j] = i * j;
                }
            }
            List<String> names = new ArrayList<>();
            for (Op op : Op.values()) {
                names.add(op.name().toLowerCase(java.util.Locale.ROOT));
                SYMBOLS.put(op, new String(new char[]{op.symbol}));
            }
            NAMES = List.copyOf(names);
        }

        private Tables() {
        }
    }

    interface Constants {
        List<String> DEFAULTS = new ArrayList<>(List.of("a", "b"));
        long[] PRIMES = {2, 3, 5, 7, 11};
    }

    /** Constants with bodies: each is its own anonymous subclass, allocating in its methods. */
    enum Op {
        ADD('+', new int[]{0}) {
            @Override
            long apply(long a, long b) {
                return a + b;
            }
        },
        MUL('*', new int[]{1, 1}) {
            @Override
            long apply(long a, long b) {
                return a * b;
            }
        },
        CONCAT('~', new int[0]) {
            @Override
            long apply(long a, long b) {
                return Long.parseLong(new StringBuilder().append(Math.abs(a) % 1000).append(Math.abs(b) % 1000).toString());
            }

            @Override
            String describe() {
                return "concat" + Arrays.toString(identity);
            }
        };

        final char symbol;
        final int[] identity;

        Op(char symbol, int[] identity) {
            this.symbol = symbol;
            this.identity = identity;
        }

        abstract long apply(long a, long b);

        String describe() {
            return name() + symbol + identity.length;
        }
    }

    /** A record whose compact constructor copies its array and may throw before the record exists. */
    record Range(int low, int high, int[] marks) {
        Range {
            if (low > high) {
                throw new IllegalArgumentException("empty range " + low + ".." + high);
            }
            marks = marks == null ? new int[0] : marks.clone();
        }

        Range(int width) {
            this(0, width, new int[]{width / 2});
        }

        String show() {
            return "[" + low + "," + high + ")" + Arrays.toString(marks);
        }
    }

    public static String run(int seed) {
        StringBuilder out = new StringBuilder();
        out.append(Arrays.deepToString(Tables.SQUARES)).append(Tables.NAMES).append(Tables.SYMBOLS)
                .append(Constants.DEFAULTS).append(Arrays.toString(Constants.PRIMES)).append('\n');
        for (Op op : Op.values()) {
            out.append(op.describe()).append('=').append(op.apply(seed, seed + 7)).append(' ')
                    .append(op.getClass() == Op.class).append(';');
        }
        out.append('\n');
        int[] marks = {seed, seed + 1};
        Range r = new Range(-1, seed, marks);
        marks[0] = 999;
        out.append(r.show()).append(new Range(seed + 4).show()).append(new Range(1, 2, null).show());
        try {
            out.append(new Range(seed + 1, seed, marks).show());
        } catch (IllegalArgumentException e) {
            out.append(e.getMessage());
        }
        out.append('\n');
        char c = (char) ('A' + seed % 26);
        Object nothing = null;
        long big = (long) seed << 33;
        double half = seed / 2.0;
        float third = seed / 3f;
        boolean odd = seed % 2 == 1;
        byte small = (byte) seed;
        short mid = (short) (seed * 300);
        String concat = "c=" + c + " null=" + nothing + " big=" + big + " half=" + half + " third=" + third
                + " odd=" + odd + " small=" + small + " mid=" + mid + " list=" + List.of(seed) + " op=" + Op.MUL
                + seed + c + big;
        return out.append(concat).append('\n').toString();
    }
}
