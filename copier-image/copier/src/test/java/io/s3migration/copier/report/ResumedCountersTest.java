package io.s3migration.copier.report;

import io.s3migration.protocol.CheckpointCounts;
import io.s3migration.protocol.Progress;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A run resumed from a checkpoint counts on from the earlier runs, but its rate is its own. */
class ResumedCountersTest {

    @Test
    void countsStartFromTheCheckpointAndTheRateFromZero() {
        Counters counters = Counters.resumedFrom(new CheckpointCounts(40, 2, 1, 4_000_000));
        counters.listed(500);
        counters.objectsCopied.incrementAndGet();
        counters.bytesCopied.addAndGet(500);

        try (ProgressReporter reporter = new ProgressReporter(counters, new CheckpointTracker("k"),
                new Output(new PrintStream(new ByteArrayOutputStream()), Scrubber.generic()), Duration.ofHours(1))) {
            Progress p = reporter.progress();
            assertEquals(44, p.objectsTotal(), "43 done before the checkpoint + 1 listed now");
            assertEquals(41, p.objectsCopied());
            assertEquals(2, p.objectsSkipped());
            assertEquals(1, p.objectsFailed());
            assertEquals(4_000_500, p.bytesCopied());
            assertEquals(4_000_500, p.bytesTotal());
            assertEquals("k", p.lastKey());
            // Nothing moved since the reporter started: the carried 4 MB are no part of this run's rate.
            assertEquals(0, p.bytesPerSecond());
            assertEquals(0, reporter.averageRate());
        }
    }
}
