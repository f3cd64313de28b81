package dev.heapwise.it.workloads.shapes;

import java.lang.reflect.Array;
import java.util.Arrays;

/**
 * Arrays in every form the bytecode has: NEWARRAY of each primitive type, ANEWARRAY, MULTIANEWARRAY
 * with all and with some dimensions given, zero lengths, sizes from variables, initializers holding
 * allocations, clones, reflection, and negative sizes that must still throw NegativeArraySizeException.
 */
public final class ArrayShapes {
    private ArrayShapes() {
    }

    public static String run(int seed) {
        StringBuilder out = new StringBuilder();
        int n = seed % 7;
        boolean[] z = new boolean[n];
        byte[] b = new byte[n + 1];
        char[] c = new char[n + 2];
        short[] s = new short[n + 3];
        int[] i = new int[n + 4];
        long[] j = new long[n + 5];
        float[] f = new float[n + 6];
        double[] d = new double[n + 7];
        Object[] o = new Object[n];
        String[] strings = new String[0];
        int[] empty = new int[0];
        if (z.length > 0) {
            z[0] = true;
        }
        b[0] = (byte) seed;
        Arrays.fill(c, (char) ('a' + n));
        s[2] = (short) -seed;
        i[3] = seed * seed;
        j[4] = (long) seed << 40;
        f[5] = seed / 4f;
        d[6] = seed / 8.0;
        out.append(Arrays.toString(z)).append(Arrays.toString(b)).append(new String(c)).append(Arrays.toString(s))
                .append(Arrays.toString(i)).append(Arrays.toString(j)).append(Arrays.toString(f)).append(Arrays.toString(d))
                .append(o.length).append(strings.length).append(empty.length).append('\n');

        int[][][] cube = new int[3][4][5];
        cube[2][3][4] = seed;
        String[][] ragged = new String[2][];
        ragged[1] = new String[]{"r" + seed, null};
        int a = 1 + seed % 3;
        long[][] grid = new long[a][a + 1];
        grid[a - 1][a] = -seed;
        Object[][][] partial = new Object[2][0][];
        byte[][] zeroOuter = new byte[0][5];
        int[][][] twoGiven = new int[2][3][];
        twoGiven[1][2] = new int[]{seed};
        char[][] chars = {{'x'}, new char[seed % 3], "yz".toCharArray()};
        Object[] mixed = {new int[1], new String[]{"m"}, new long[0][0], null, new StringBuilder("sb" + seed)};
        out.append(Arrays.deepToString(cube[2])).append(Arrays.deepToString(ragged)).append(Arrays.deepToString(grid))
                .append(partial.length).append(partial[1].length).append(zeroOuter.length)
                .append(Arrays.deepToString(twoGiven)).append(Arrays.deepToString(chars)).append(Arrays.deepToString(mixed))
                .append('\n');

        int[] copy = i.clone();
        copy[0] = 99;
        int[][] deepCopy = new int[][]{i, copy}.clone();
        Object reflective = Array.newInstance(double.class, 2, n + 1);
        int[] grown = Arrays.copyOf(i, i.length * 2);
        out.append(Arrays.toString(copy)).append(deepCopy.length).append(Array.getLength(reflective))
                .append(Array.getLength(Array.get(reflective, 1))).append(grown.length).append('\n');

        for (int size : new int[]{-1, -seed - 1, Integer.MIN_VALUE}) {
            out.append(negative(size, 0)).append(negative(2, size)).append(negative(size, 3));
        }
        return out.append('\n').toString();
    }

    /** Which construction failed, if any: a negative first or second dimension of a 1-D, 2-D or object array. */
    private static String negative(int first, int second) {
        try {
            if (second == 0) {
                return "ok" + new long[first].length;
            }
            if (second == 3) {
                return "ok" + new String[first].length;
            }
            return "ok" + new int[first][second].length;
        } catch (NegativeArraySizeException e) {
            return "[NASE " + e.getMessage() + "]";
        }
    }
}
