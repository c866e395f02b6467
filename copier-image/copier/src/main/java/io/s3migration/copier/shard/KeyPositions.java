package io.s3migration.copier.shard;

import io.s3migration.protocol.KeyOrder;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * Keys as positions on a line [0, 1), to estimate how many keys lie between two sampled ones from the density of
 * keys around them. A key reads as a fraction in mixed radix: its i-th code point becomes its rank among the code
 * points the samples hold at position i (digit 0 is the end of a key, which sorts before its extensions). Keys drawn
 * from a few characters (digits, hex, dates, fixed folder names) so fill the line evenly instead of crowding into the
 * slice of Unicode they use, and the line ends at the highest key the samples' characters can spell: a stretch beyond
 * the last sampled key is short when the keys are. Lengths are logarithms: between keys sharing a long prefix they
 * are far too small for a double.
 */
final class KeyPositions {
    /** Mixed-radix digits read after a common prefix: as many as a double resolves. */
    private static final double RESOLUTION_BITS = 50;

    private final int[] alphabet;

    /** {@code seen.get(i)}: the code points the samples hold at position i; one alphabet serves every position. */
    KeyPositions(List<BitSet> seen) {
        BitSet all = new BitSet();
        seen.forEach(all::or);
        this.alphabet = all.stream().toArray();
    }

    /** The natural logarithm of the length from {@code low} to {@code high}; null {@code high}: the end of the line. */
    double logLength(String low, String high) {
        int[] a = low.codePoints().toArray();
        int[] b = high == null ? new int[0] : high.codePoints().toArray();
        int common = high == null ? 0 : commonPrefix(a, b);
        double from = fraction(a, common);
        double to = high == null ? 1.0 : fraction(b, common);
        double logScale = 0;
        for (int i = 0; i < common; i++) {
            logScale -= Math.log(base(i));
        }
        double smallest = Math.pow(2, -RESOLUTION_BITS);
        return Math.log(Math.max(to - from, smallest)) + logScale;
    }

    /**
     * A key about halfway between {@code low} and {@code high} (null: the end), or null when none lies strictly
     * between at this resolution.
     */
    String midpoint(String low, String high) {
        int[] a = low.codePoints().toArray();
        int[] b = high == null ? new int[0] : high.codePoints().toArray();
        int common = high == null ? 0 : commonPrefix(a, b);
        double mid = (fraction(a, common) + (high == null ? 1.0 : fraction(b, common))) / 2;
        StringBuilder key = new StringBuilder(new String(a, 0, common));
        double bits = 0;
        for (int i = common; bits < RESOLUTION_BITS; i++) {
            int base = base(i);
            mid *= base;
            int digit = Math.min(base - 1, (int) Math.floor(mid));
            mid -= digit;
            if (digit <= 0) {
                break; // the end of a key
            }
            int codePoint = digit > alphabet.length ? Separator.next(alphabet[alphabet.length - 1]) : alphabet[digit - 1];
            if (codePoint < 0) {
                break;
            }
            key.appendCodePoint(codePoint);
            bits += Math.log(base) / Math.log(2);
        }
        String candidate = key.toString();
        boolean inside = KeyOrder.INSTANCE.compare(candidate, low) > 0
                && (high == null || KeyOrder.INSTANCE.compare(candidate, high) < 0);
        return inside ? candidate : null;
    }

    /** The key's code points from {@code from} on as a fraction in [0, 1). */
    private double fraction(int[] key, int from) {
        double value = 0;
        double scale = 1;
        double bits = 0;
        for (int i = from; i < key.length && bits < RESOLUTION_BITS; i++) {
            int base = base(i);
            scale /= base;
            value += digit(i, key[i]) * scale;
            bits += Math.log(base) / Math.log(2);
        }
        return value;
    }

    /**
     * Digit 0 (the end of a key), one per code point seen, and one beyond them all: keys with characters the samples
     * have not shown yet may follow the highest key seen.
     */
    private int base(int i) {
        return alphabet.length + 2;
    }

    /** 1..n for the code points seen at position i; one not seen sits between its neighbours, or on the highest. */
    private double digit(int i, int codePoint) {
        int at = Arrays.binarySearch(alphabet, codePoint);
        if (at >= 0) {
            return at + 1;
        }
        int insertion = -at - 1;
        return insertion + 0.5;
    }

    private static int commonPrefix(int[] a, int[] b) {
        int common = 0;
        while (common < a.length && common < b.length && a[common] == b[common]) {
            common++;
        }
        return common;
    }
}
