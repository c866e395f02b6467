package io.s3migration.copier.report;

import io.s3migration.copier.report.Totals.Count;
import io.s3migration.copier.report.Totals.Known;
import io.s3migration.protocol.CheckpointCounts;
import io.s3migration.protocol.Progress;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The totals a run shows: from the sizing pass early, kept honest by the copy loop's own count. */
class TotalsTest {
    static final Count NONE = Count.ZERO;

    @Test
    void unknownWhileBothListingsRunShowingTheLargerCountSoFar() {
        assertEquals(new Known(500, 5_000, false), Totals.of(NONE, new Count(500, 5_000), false, new Count(40, 400), false));
        assertEquals(new Known(40, 400, false), Totals.of(NONE, NONE, false, new Count(40, 400), false),
                "the sizing pass has not counted yet: what the copy has listed");
    }

    @Test
    void knownWhenTheSizingPassEndsLongBeforeTheCopy() {
        assertEquals(new Known(100_000, 1_000_000, true), Totals.of(NONE, new Count(100_000, 1_000_000), true, new Count(3_000, 30_000), false));
    }

    @Test
    void keysAddedBehindTheSizingPassRaiseTheTotal() {
        // sized 100, but the copy already found 103 (3 written into the part the sizing pass had passed)
        assertEquals(new Known(103, 1_030, true), Totals.of(NONE, new Count(100, 1_000), true, new Count(103, 1_030), false));
    }

    @Test
    void keysDeletedAfterTheyWereSizedLeaveTheTotalWhenTheCopyEnds() {
        Count sized = new Count(100, 1_000);
        assertEquals(new Known(100, 1_000, true), Totals.of(NONE, sized, true, new Count(90, 900), false), "not known to be gone yet");
        assertEquals(new Known(97, 970, true), Totals.of(NONE, sized, true, new Count(97, 970), true),
                "the copy listed everything: its count is what the run did");
    }

    @Test
    void aFailedSizingPassLeavesTheTotalsToTheCopy() {
        Count partial = new Count(2_000, 20_000);
        assertFalse(Totals.of(NONE, partial, false, new Count(2_500, 25_000), false).known());
        assertEquals(new Known(2_500, 25_000, false), Totals.of(NONE, partial, false, new Count(2_500, 25_000), false));
        assertEquals(new Known(8_000, 80_000, true), Totals.of(NONE, partial, false, new Count(8_000, 80_000), true));
    }

    @Test
    void aResumedRunAddsWhatTheRunsBeforeTheCheckpointDid() {
        Count carried = new Count(43, 4_000_000);
        assertEquals(new Known(143, 4_001_000, true), Totals.of(carried, new Count(100, 1_000), true, new Count(5, 50), false));
        assertEquals(new Known(143, 4_001_000, true), Totals.of(carried, new Count(10, 100), false, new Count(100, 1_000), true));
    }

    @Test
    void countersShowTheSizedTotalsWhileTheCopyIsStillListing() {
        Counters counters = Counters.resumedFrom(new CheckpointCounts(40, 2, 1, 4_000_000));
        Totals totals = counters.totals();
        for (int i = 0; i < 1_000; i++) {
            totals.sized(10);
        }
        counters.listed(10);
        counters.objectsCopied.incrementAndGet();
        Progress calculating = counters.snapshot(0, null);
        assertFalse(calculating.sizingComplete());
        assertEquals(43 + 1_000, calculating.objectsTotal());

        totals.sizingEnded();
        Progress sized = counters.snapshot(0, null);
        assertTrue(sized.sizingComplete());
        assertEquals(43 + 1_000, sized.objectsTotal());
        assertEquals(4_000_000 + 10_000, sized.bytesTotal());
        assertEquals(44, sized.objectsDone());

        counters.listingEnded();
        assertEquals(44, counters.snapshot(0, null).objectsTotal(), "the copy found one object: the rest went away");
    }
}
