package io.s3migration.copier.report;

import io.s3migration.copier.report.CheckpointTracker.Outcome;
import io.s3migration.protocol.CheckpointCounts;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class CheckpointTrackerTest {
    @Test
    void advancesOnlyOverAnUnbrokenRunOfFinishedKeys() {
        CheckpointTracker t = new CheckpointTracker(null, CheckpointCounts.NONE);
        t.started("a");
        t.started("b");
        t.started("c");
        t.finished("b", Outcome.COPIED, 10);
        assertNull(t.checkpoint(), "a is still running");
        t.finished("a", Outcome.SKIPPED, 0);
        assertEquals("b", t.checkpoint());
        t.started("d");
        t.finished("d", Outcome.FAILED, 0);
        assertEquals("b", t.checkpoint());
        t.finished("c", Outcome.COPIED, 5);
        assertEquals("d", t.checkpoint());
    }

    @Test
    void countsOnlyTheKeysUpToTheCheckpoint() {
        CheckpointTracker t = new CheckpointTracker(null, CheckpointCounts.NONE);
        t.started("a");
        t.started("b");
        t.started("c");
        t.finished("c", Outcome.COPIED, 300);
        t.finished("b", Outcome.FAILED, 0);
        assertEquals(new CheckpointTracker.Mark(null, CheckpointCounts.NONE), t.mark(), "b and c ran ahead of a");
        t.finished("a", Outcome.COPIED, 100);
        assertEquals(new CheckpointTracker.Mark("c", new CheckpointCounts(2, 0, 1, 400)), t.mark());
        t.started("d");
        t.started("e");
        t.finished("e", Outcome.COPIED, 7);
        assertEquals(new CheckpointTracker.Mark("c", new CheckpointCounts(2, 0, 1, 400)), t.mark(), "e is ahead of d");
    }

    @Test
    void startsFromTheResumedCheckpointAndItsCounts() {
        CheckpointTracker t = new CheckpointTracker("m", new CheckpointCounts(5, 4, 1, 50));
        assertEquals("m", t.checkpoint());
        t.started("n");
        assertEquals(new CheckpointTracker.Mark("m", new CheckpointCounts(5, 4, 1, 50)), t.mark());
        t.finished("n", Outcome.SKIPPED, 0);
        assertEquals(new CheckpointTracker.Mark("n", new CheckpointCounts(5, 5, 1, 50)), t.mark());
    }
}
