package io.s3migration.protocol;

import java.util.Comparator;

/**
 * The order S3 lists keys in: by UTF-8 bytes, which is code point order. Java's {@code String.compareTo}
 * compares UTF-16 units and disagrees for characters above U+FFFF, which would break the merge-join.
 */
public final class KeyOrder implements Comparator<String> {
    public static final KeyOrder INSTANCE = new KeyOrder();

    private KeyOrder() {
    }

    @Override
    public int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
