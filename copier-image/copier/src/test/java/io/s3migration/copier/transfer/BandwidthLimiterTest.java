package io.s3migration.copier.transfer;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BandwidthLimiterTest {
    final AtomicLong now = new AtomicLong();
    final BandwidthLimiter limiter = new BandwidthLimiter(1000, now::get);

    @Test
    void debtBecomesWaitTimeAtTheConfiguredRate() {
        assertEquals(500_000_000L, limiter.take(500), "500 bytes at 1000 B/s from an empty bucket: wait 0.5 s");
        now.addAndGet(500_000_000L);
        assertEquals(0, limiter.take(0));
        assertEquals(1_000_000_000L, limiter.take(1000));
    }

    @Test
    void idleTimeRefillsAtMostOneSecondOfBurst() {
        now.addAndGet(10_000_000_000L);
        assertEquals(0, limiter.take(1000), "a full bucket pays for one second's worth");
        assertEquals(1_000_000L, limiter.take(1), "but not more");
    }

    @Test
    void averageRateHoldsOverManySmallReads() {
        long waited = 0;
        for (int i = 0; i < 100; i++) {
            long w = limiter.take(100);
            now.addAndGet(w);
            waited += w;
        }
        assertEquals(10_000_000_000L, waited, 10_000_000L);
    }

    @Test
    void rejectsNonPositiveRates() {
        assertThrows(IllegalArgumentException.class, () -> new BandwidthLimiter(0));
    }
}
