package io.s3migration.copier.run;

import io.s3migration.copier.listing.ListedObject;
import io.s3migration.copier.report.Counters;
import io.s3migration.copier.report.Output;
import io.s3migration.copier.report.Scrubber;
import io.s3migration.copier.report.Totals;
import io.s3migration.protocol.CheckpointCounts;
import io.s3migration.protocol.Progress;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sizing pass counts on its own thread; a failure or a stop never claims the totals are known. */
class SizingPassTest {
    static final Output OUT = new Output(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), Scrubber.generic());

    /** {@code count} generated objects of {@code size} bytes (nothing held); fails at object {@code failAt} (-1: never). */
    static Iterator<ListedObject> objects(int count, long size, int failAt, AtomicInteger served) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                if (served.get() == failAt) {
                    throw new IllegalStateException("listing failed for a test");
                }
                return served.get() < count;
            }

            @Override
            public ListedObject next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int i = served.getAndIncrement();
                return new ListedObject("k" + i, size, "e", "STANDARD", Instant.EPOCH);
            }
        };
    }

    @Test
    void countsEveryObjectAndByteThenTheTotalsAreKnown() throws Exception {
        Counters counters = new Counters();
        try (SizingPass pass = SizingPass.start(() -> objects(250_000, 3, -1, new AtomicInteger()), counters.totals(), OUT)) {
            assertTrue(pass.awaitEnd(30_000));
        }
        Progress p = counters.snapshot(0, null);
        assertTrue(p.sizingComplete());
        assertEquals(250_000, p.objectsTotal());
        assertEquals(750_000, p.bytesTotal());
    }

    @Test
    void aFailedListingLeavesTheTotalsUnknownAndTheCopysCountTakesOver() throws Exception {
        Counters counters = new Counters();
        AtomicInteger served = new AtomicInteger();
        try (SizingPass pass = SizingPass.start(() -> objects(1_000, 1, 100, served), counters.totals(), OUT)) {
            assertTrue(pass.awaitEnd(30_000));
        }
        assertEquals(100, served.get());
        Progress p = counters.snapshot(0, null);
        assertFalse(p.sizingComplete());
        assertEquals(100, p.objectsTotal(), "what it counted before failing is still a lower bound");
        for (int i = 0; i < 300; i++) {
            counters.listed(1);
        }
        counters.listingEnded();
        assertEquals(300, counters.snapshot(0, null).objectsTotal());
        assertTrue(counters.snapshot(0, null).sizingComplete());
    }

    @Test
    void closingStopsItWithoutClaimingTheTotalsAreKnown() throws Exception {
        Totals totals = new Totals(CheckpointCounts.NONE);
        AtomicInteger served = new AtomicInteger();
        Iterator<ListedObject> endless = objects(Integer.MAX_VALUE, 1, -1, served);
        SizingPass pass = SizingPass.start(() -> endless, totals, OUT);
        while (served.get() == 0) {
            Thread.onSpinWait();
        }
        pass.close();
        assertTrue(pass.awaitEnd(30_000));
        assertFalse(totals.now().known());
    }
}
