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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
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
        try (SizingPass pass = new SizingPass(after -> objects(250_000, 3, -1, new AtomicInteger()), counters.totals(), OUT)) {
            pass.behind(null);
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
        try (SizingPass pass = new SizingPass(after -> objects(1_000, 1, 100, served), counters.totals(), OUT)) {
            pass.behind(null);
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
        SizingPass pass = new SizingPass(after -> endless, totals, OUT);
        pass.behind(null);
        while (served.get() == 0) {
            Thread.onSpinWait();
        }
        pass.close();
        assertTrue(pass.awaitEnd(30_000));
        assertFalse(totals.now().known());
    }

    @Test
    void whileTheCopyKeepsUpWithItsListingThatListingsPagesAreTheCountAndNothingIsListedTwice() throws Exception {
        Totals totals = new Totals(CheckpointCounts.NONE);
        List<String> listedAgain = new ArrayList<>();
        try (SizingPass pass = new SizingPass(after -> {
            listedAgain.add(after);
            return objects(10, 1, -1, new AtomicInteger());
        }, totals, OUT)) {
            pass.fetched(page(0, 3, 10));
            assertFalse(totals.now().known());
            assertEquals(3, totals.now().objects(), "counted as the copy's listing reads it");
            pass.fetched(page(3, 2, 10));
            pass.ended();
            assertTrue(pass.awaitEnd(1_000));
        }
        assertTrue(totals.now().known());
        assertEquals(5, totals.now().objects());
        assertEquals(50, totals.now().bytes());
        assertTrue(listedAgain.isEmpty(), "no second listing of the source");
    }

    @Test
    void onceTheCopyFallsBehindItListsOnByItselfFromTheLastKeyItCounted() throws Exception {
        Totals totals = new Totals(CheckpointCounts.NONE);
        List<String> listedAfter = new ArrayList<>();
        try (SizingPass pass = new SizingPass(after -> {
            listedAfter.add(after);
            return objects(7, 100, -1, new AtomicInteger());
        }, totals, OUT)) {
            pass.fetched(page(0, 3, 1));
            pass.behind("k2");
            assertTrue(pass.awaitEnd(30_000));
            pass.fetched(page(3, 4, 1)); // the copy's listing goes on: those objects were counted by the pass already
            pass.ended();
        }
        assertEquals(List.of("k2"), listedAfter, "on from the last key counted, once");
        assertTrue(totals.now().known());
        assertEquals(10, totals.now().objects(), "3 counted from the copy's pages, 7 listed after them");
        assertEquals(703, totals.now().bytes());
    }

    private static List<ListedObject> page(int from, int count, long size) {
        List<ListedObject> page = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            page.add(new ListedObject("k" + i, size, "e", "STANDARD", Instant.EPOCH));
        }
        return page;
    }
}
