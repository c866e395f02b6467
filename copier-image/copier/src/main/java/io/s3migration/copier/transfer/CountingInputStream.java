package io.s3migration.copier.transfer;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;

/** Counts bytes as they flow into the destination (progress moves during large uploads) and applies the bandwidth cap. */
final class CountingInputStream extends FilterInputStream {
    private final AtomicLong sink;
    private final BandwidthLimiter limiter;
    private long count;

    CountingInputStream(InputStream in, AtomicLong sink, BandwidthLimiter limiter) {
        super(in);
        this.sink = sink;
        this.limiter = limiter;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            add(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) {
            add(n);
        }
        return n;
    }

    private void add(long n) {
        if (limiter != null) {
            limiter.acquire(n);
        }
        count += n;
        sink.addAndGet(n);
    }

    /** Takes back what was counted, when the upload it fed failed and will be redone. */
    void uncount() {
        sink.addAndGet(-count);
        count = 0;
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
