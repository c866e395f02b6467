package io.s3migration.copier.support;

import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Deterministic pseudo-random bytes of any length, generated on the fly (large objects are never stored in the repo). */
public final class GeneratedContent extends InputStream {
    private final long size;
    private final MessageDigest md5;
    private long position;
    private long state;

    public GeneratedContent(long seed, long offset, long size) {
        this.size = size;
        this.state = seed;
        this.md5 = md5();
        // the stream of object `seed` from `offset` on: skip by regenerating (cheap, 8 bytes per step)
        for (long i = 0; i < offset / 8; i++) {
            next();
        }
    }

    private long next() {
        state ^= state << 13;
        state ^= state >>> 7;
        state ^= state << 17;
        return state;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (position >= size) {
            return -1;
        }
        int n = (int) Math.min(len, size - position) & ~7;
        if (n == 0) {
            n = (int) Math.min(len, size - position);
            long v = next();
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) (v >>> (8 * i));
            }
        } else {
            for (int i = 0; i < n; i += 8) {
                long v = next();
                for (int j = 0; j < 8; j++) {
                    b[off + i + j] = (byte) (v >>> (8 * j));
                }
            }
        }
        md5.update(b, off, n);
        position += n;
        return n;
    }

    /** MD5 (hex) of what has been read so far. */
    public String md5Hex() {
        try {
            return HexFormat.of().formatHex(((MessageDigest) md5.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String md5Of(InputStream in) throws java.io.IOException {
        MessageDigest d = md5();
        byte[] buf = new byte[1 << 20];
        int n;
        while ((n = in.read(buf)) >= 0) {
            d.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(d.digest());
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
