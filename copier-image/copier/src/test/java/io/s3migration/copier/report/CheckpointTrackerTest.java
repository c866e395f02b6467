package io.s3migration.copier.report;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class CheckpointTrackerTest {
    @Test
    void advancesOnlyOverAnUnbrokenRunOfFinishedKeys() {
        CheckpointTracker t = new CheckpointTracker(null);
        t.started("a");
        t.started("b");
        t.started("c");
        t.finished("b");
        assertNull(t.checkpoint(), "a is still running");
        t.finished("a");
        assertEquals("b", t.checkpoint());
        t.started("d");
        t.finished("d");
        assertEquals("b", t.checkpoint());
        t.finished("c");
        assertEquals("d", t.checkpoint());
    }

    @Test
    void startsFromTheResumedCheckpoint() {
        CheckpointTracker t = new CheckpointTracker("m");
        assertEquals("m", t.checkpoint());
        t.started("n");
        assertEquals("m", t.checkpoint());
        t.finished("n");
        assertEquals("n", t.checkpoint());
    }
}
