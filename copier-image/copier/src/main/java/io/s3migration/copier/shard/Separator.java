package io.s3migration.copier.shard;

import io.s3migration.protocol.KeyOrder;

/**
 * The shortest range boundary between two neighbouring keys: a string {@code s} with {@code low <= s < high} in
 * {@link KeyOrder}, so that {@code low} ends one range and {@code high} starts the next. Short boundaries keep
 * range lines, Job environments and status small (keys may be 1,024 bytes long).
 */
public final class Separator {
    private static final int MAX_CODE_POINT = Character.MAX_CODE_POINT;

    private Separator() {
    }

    /** {@code low} itself when nothing shorter fits; {@code high} null means no upper limit. */
    public static String between(String low, String high) {
        if (high == null || KeyOrder.INSTANCE.compare(low, high) >= 0) {
            return low;
        }
        int[] a = low.codePoints().toArray();
        int[] b = high.codePoints().toArray();
        int common = 0;
        while (common < a.length && common < b.length && a[common] == b[common]) {
            common++;
        }
        if (common == a.length) {
            return low; // low is a prefix of high: nothing shorter is >= low
        }
        // Every string between them shares the common prefix; the shortest is that prefix and one code point more,
        // low's next code point raised by one, or failing that (it would equal or pass high) one code point later.
        for (int length = common + 1; length < a.length; length++) {
            int raised = next(a[length - 1]);
            if (raised < 0) {
                continue;
            }
            String candidate = new String(a, 0, length - 1) + Character.toString(raised);
            if (KeyOrder.INSTANCE.compare(candidate, high) < 0) {
                return candidate;
            }
        }
        return low;
    }

    /** The next code point that is a character (surrogates are not), or -1 after the last. */
    static int next(int codePoint) {
        int n = codePoint + 1;
        if (n >= Character.MIN_SURROGATE && n <= Character.MAX_SURROGATE) {
            n = Character.MAX_SURROGATE + 1;
        }
        return n > MAX_CODE_POINT ? -1 : n;
    }
}
