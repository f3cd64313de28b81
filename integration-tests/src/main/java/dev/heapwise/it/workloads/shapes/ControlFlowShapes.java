package dev.heapwise.it.workloads.shapes;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.List;

/**
 * Allocations where control flow is dense: inside try, catch and finally (with returns and rethrows
 * that the compiler duplicates finally blocks for), in try-with-resources, in labeled loops left by
 * break and continue, in synchronized blocks (whose exception handlers must still release the monitor),
 * and in switch expressions over ints, strings and enums, some arms yielding from blocks.
 */
public final class ControlFlowShapes {
    private static final Object LOCK = new Object();

    private ControlFlowShapes() {
    }

    enum Kind { SMALL, MEDIUM, LARGE }

    /** A resource that allocates when opened and closed, and can fail on close. */
    static final class Resource implements Closeable {
        final List<String> events;

        Resource(List<String> events, String name) {
            this.events = events;
            events.add(new StringBuilder("open ").append(name).toString());
        }

        @Override
        public void close() {
            events.add("close " + events.size());
            if (events.size() % 5 == 0) {
                throw new IllegalStateException("close failed at " + events.size());
            }
        }
    }

    public static String run(int seed) {
        StringBuilder out = new StringBuilder();
        out.append(tryCatchFinally(seed)).append('|').append(tryCatchFinally(-seed - 1)).append('\n');
        out.append(resources(seed)).append('\n');
        out.append(labeledLoops(seed)).append('\n');
        out.append(synchronizedBlocks(seed)).append('\n');
        for (int k = 0; k < 6; k++) {
            out.append(switches(seed + k, Kind.values()[(seed + k) % 3], k % 2 == 0 ? "alpha" : "beta" + k)).append(';');
        }
        return out.append('\n').toString();
    }

    private static String tryCatchFinally(int n) {
        List<Object> trail = new ArrayList<>();
        try {
            trail.add(new int[]{n});
            if (n < 0) {
                throw new IllegalArgumentException("neg " + n);
            }
            if (n % 3 == 0) {
                return "early " + trail.size() + new String("!");
            }
            trail.add(new StringBuilder("try"));
        } catch (IllegalArgumentException e) {
            trail.add(new Object[]{e.getMessage()});
            try {
                throw new IllegalStateException(e.getMessage() + " again", e);
            } catch (IllegalStateException nested) {
                trail.add(nested.getMessage().toUpperCase(java.util.Locale.ROOT));
            }
        } finally {
            trail.add(new long[2]);
            trail.add("finally " + trail.size());
        }
        return "late " + trail.size() + " " + trail.get(trail.size() - 1);
    }

    private static String resources(int seed) {
        List<String> events = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            try (Resource a = new Resource(events, "a" + k); Resource b = new Resource(events, "b" + (seed + k))) {
                events.add(a.events.size() + "+" + b.events.size());
                if ((seed + k) % 2 == 0) {
                    throw new UnsupportedOperationException("body " + k);
                }
            } catch (RuntimeException e) {
                events.add("caught " + e.getMessage() + " suppressed " + e.getSuppressed().length);
            }
        }
        return events.toString();
    }

    private static String labeledLoops(int seed) {
        List<String> hits = new ArrayList<>();
        outer:
        for (int i = 0; i < 6; i++) {
            int[] row = new int[i + 1];
            inner:
            for (int j = 0; j < 6; j++) {
                row[Math.min(j, i)] += j;
                if (j == i) {
                    continue outer;
                }
                if ((i * j + seed) % 7 == 3) {
                    hits.add("skip " + i + "," + j);
                    continue inner;
                }
                if (i * j > 12 + seed % 4) {
                    hits.add("stop " + i + "," + j + java.util.Arrays.toString(row));
                    break outer;
                }
                hits.add(new String(new char[]{(char) ('a' + i), (char) ('a' + j)}));
            }
        }
        int w = 0;
        block:
        {
            while (true) {
                Object o = new Integer[]{w++};
                if (((Integer[]) o)[0] > seed % 5) {
                    break block;
                }
            }
        }
        return hits + " w=" + w;
    }

    private static String synchronizedBlocks(int seed) {
        StringBuilder b = new StringBuilder();
        Object local = new Object();
        for (int k = 0; k < 3; k++) {
            synchronized (LOCK) {
                b.append(new StringBuilder("s").append(k));
                synchronized (local) {
                    try {
                        if ((seed + k) % 3 == 1) {
                            throw new IllegalStateException("inside monitor " + k);
                        }
                        b.append(new int[k].length);
                    } catch (IllegalStateException e) {
                        b.append('[').append(e.getMessage()).append(']');
                    }
                }
            }
        }
        try {
            synchronized (LOCK) {
                b.append(Thread.holdsLock(LOCK));
                throw new ArithmeticException("escapes the monitor");
            }
        } catch (ArithmeticException e) {
            b.append(Thread.holdsLock(LOCK)).append(e.getMessage());
        }
        return b.toString();
    }

    private static String switches(int n, Kind kind, String word) {
        Object byInt = switch (n % 4) {
            case 0 -> new int[n % 5];
            case 1 -> "one" + n;
            case 2 -> {
                List<Integer> l = new ArrayList<>();
                l.add(n);
                yield l;
            }
            default -> new StringBuilder().append(n).reverse();
        };
        String byKind = switch (kind) {
            case SMALL -> new String("s");
            case MEDIUM -> String.valueOf(new char[]{'m', 'd'});
            case LARGE -> {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < 3; i++) {
                    sb.append(new Object[]{i}.length);
                }
                yield sb.toString();
            }
        };
        int byWord = switch (word) {
            case "alpha" -> new int[]{1, 2}.length;
            case "beta1", "beta3" -> word.concat("!").length();
            default -> {
                try {
                    yield Integer.parseInt(word);
                } catch (NumberFormatException e) {
                    yield -e.getMessage().length();
                }
            }
        };
        String shown = byInt instanceof int[] a ? "int[" + a.length + "]" : String.valueOf(byInt);
        return shown + "/" + byKind + "/" + byWord;
    }
}
