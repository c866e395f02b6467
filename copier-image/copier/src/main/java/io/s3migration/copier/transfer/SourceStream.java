package io.s3migration.copier.transfer;

import io.s3migration.copier.client.NativeCrypto;
import software.amazon.awssdk.http.ContentStreamProvider;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The body of an upload, read straight from the source's GET response. When the SDK retries the upload it asks
 * for a fresh stream: instead of buffering the body for a reset, the source is read again (a new GET), so
 * memory stays bounded whatever the object size. Counts bytes into the progress as they flow.
 */
final class SourceStream implements ContentStreamProvider {
    private final Supplier<InputStream> reopen;
    private final AtomicLong bytesCopied;
    private final MessageDigest md5; // null: the caller does not need the MD5 (the server checks Content-MD5)
    private InputStream first;
    private CountingInputStream current;

    private final BandwidthLimiter limiter;

    SourceStream(InputStream first, Supplier<InputStream> reopen, AtomicLong bytesCopied, BandwidthLimiter limiter,
                 boolean digest) {
        this.md5 = digest ? NativeCrypto.md5() : null;
        this.first = first;
        this.reopen = reopen;
        this.bytesCopied = bytesCopied;
        this.limiter = limiter;
    }

    /** The MD5 (hex) of the bytes the last stream delivered: what the destination should have stored. */
    synchronized String md5Hex() {
        if (md5 == null) {
            throw new IllegalStateException("this stream was opened without an MD5 digest");
        }
        return HexFormat.of().formatHex(md5.digest());
    }

    @Override
    public synchronized InputStream newStream() {
        InputStream raw;
        if (first != null) {
            raw = first;
            first = null;
        } else {
            uncount();
            closeQuietly(current);
            raw = reopen.get();
        }
        if (md5 != null) {
            md5.reset();
            raw = new DigestInputStream(raw, md5);
        }
        current = new CountingInputStream(raw, bytesCopied, limiter);
        return current;
    }

    /** Takes back the bytes counted for an upload that failed. */
    synchronized void uncount() {
        if (current != null) {
            current.uncount();
        }
    }

    synchronized void close() {
        closeQuietly(current);
        closeQuietly(first);
    }

    private static void closeQuietly(InputStream in) {
        if (in == null) {
            return;
        }
        try {
            in.close();
        } catch (IOException | UncheckedIOException ignored) {
            // the stream is abandoned either way
        }
    }
}
