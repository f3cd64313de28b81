package dev.heapwise.it.workloads;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 over a sequence of results. Every value goes in with a type tag and, for variable-length
 * values, its length, so that ("ab","c") and ("a","bc") differ: two runs agree only if they produced
 * the same values in the same order. Nothing that varies between runs (identity hash codes, times,
 * unseeded randomness) may be fed in.
 */
public final class Digest {
    private final MessageDigest sha;
    private long items;

    public Digest() {
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    public Digest add(String s) {
        if (s == null) {
            return tag('n');
        }
        return add('s', s.getBytes(StandardCharsets.UTF_8));
    }

    public Digest add(byte[] bytes) {
        return add('b', bytes);
    }

    public Digest add(long v) {
        tag('l');
        for (int shift = 56; shift >= 0; shift -= 8) {
            sha.update((byte) (v >>> shift));
        }
        return this;
    }

    public Digest add(boolean v) {
        return tag(v ? 'T' : 'F');
    }

    /** Doubles go in by their bits: equal results, equal bits, with no formatting in between. */
    public Digest add(double v) {
        return add(Double.doubleToLongBits(v));
    }

    public long items() {
        return items;
    }

    public String hex() {
        try {
            return HexFormat.of().formatHex(((MessageDigest) sha.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digests are cloneable", e);
        }
    }

    private Digest add(char tag, byte[] bytes) {
        tag(tag);
        int n = bytes.length;
        sha.update(new byte[]{(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        sha.update(bytes);
        return this;
    }

    private Digest tag(char tag) {
        items++;
        sha.update((byte) tag);
        return this;
    }
}
