package io.s3migration.copier.report;

import io.s3migration.copier.report.CheckpointTracker.Outcome;
import io.s3migration.protocol.CheckpointCounts;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void aFullWindowWaitsUntilTheOldestKeyFinishes() throws Exception {
        CheckpointTracker t = new CheckpointTracker(null, CheckpointCounts.NONE, 3, 1_000);
        t.started("big");
        for (String quick : new String[] {"a", "b"}) {
            t.started(quick);
            t.finished(quick, Outcome.SKIPPED, 0);
        }
        java.util.concurrent.atomic.AtomicBoolean room = new java.util.concurrent.atomic.AtomicBoolean();
        Thread lister = new Thread(() -> {
            try {
                room.set(t.awaitRoom(() -> false));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        lister.start();
        lister.join(500);
        assertTrue(lister.isAlive(), "three keys held: the lister waits while 'big' copies");
        t.finished("big", Outcome.COPIED, 100);
        lister.join(5_000);
        assertFalse(lister.isAlive());
        assertTrue(room.get());
        assertEquals(new CheckpointTracker.Mark("b", new CheckpointCounts(1, 2, 0, 100)), t.mark());
    }

    @Test
    void aWindowFullOfLongKeysWaitsTooAndARunThatStopsIsNotHeldUp() throws Exception {
        CheckpointTracker t = new CheckpointTracker(null, CheckpointCounts.NONE, 1_000, 10);
        t.started("0123456789");
        assertFalse(t.awaitRoom(() -> true), "ten chars held and the run is stopping: no room, no wait");
        CheckpointTracker empty = new CheckpointTracker(null, CheckpointCounts.NONE, 1, 10);
        assertTrue(empty.awaitRoom(() -> true), "room is room, even when stopping");
    }
}
