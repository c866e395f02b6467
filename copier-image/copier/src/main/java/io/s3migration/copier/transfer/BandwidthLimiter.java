package io.s3migration.copier.transfer;

import java.util.function.LongSupplier;

/**
 * A token bucket shared by every worker: the whole run moves at most {@code bytesPerSecond} on average, with
 * bursts of at most one second's worth. Callers take what they read and sleep off any debt.
 */
public final class BandwidthLimiter {
    private final long bytesPerSecond;
    private final LongSupplier nanoClock;
    private double tokens;
    private long lastNanos;

    public BandwidthLimiter(long bytesPerSecond) {
        this(bytesPerSecond, System::nanoTime);
    }

    BandwidthLimiter(long bytesPerSecond, LongSupplier nanoClock) {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("bytesPerSecond must be positive");
        }
        this.bytesPerSecond = bytesPerSecond;
        this.nanoClock = nanoClock;
        this.lastNanos = nanoClock.getAsLong();
        this.tokens = 0;
    }

    /** Takes {@code bytes} tokens and returns how long the caller must wait (nanoseconds) to stay under the rate. */
    public synchronized long take(long bytes) {
        long now = nanoClock.getAsLong();
        tokens = Math.min(bytesPerSecond, tokens + (now - lastNanos) * (double) bytesPerSecond / 1e9);
        lastNanos = now;
        tokens -= bytes;
        return tokens >= 0 ? 0 : (long) (-tokens * 1e9 / bytesPerSecond);
    }

    /** Takes the tokens and sleeps as long as needed. */
    public void acquire(long bytes) {
        long waitNanos = take(bytes);
        if (waitNanos > 0) {
            try {
                Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
