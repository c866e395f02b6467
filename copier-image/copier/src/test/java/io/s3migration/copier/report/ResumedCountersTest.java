package io.s3migration.copier.report;

import io.s3migration.protocol.CheckpointCounts;
import io.s3migration.protocol.Progress;
import io.s3migration.protocol.ProgressLine;
import io.s3migration.protocol.ProtocolJson;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ProgressReporter reporter = new ProgressReporter(counters, new CheckpointTracker("k", new CheckpointCounts(40, 2, 1, 4_000_000)),
                new Output(new PrintStream(out, true, StandardCharsets.UTF_8), Scrubber.generic()), Duration.ofHours(1))) {
            Progress p = reporter.progress();
            assertEquals(44, p.objectsTotal(), "43 done before the checkpoint + 1 listed now");
            assertEquals(41, p.objectsCopied());
            assertEquals(2, p.objectsSkipped());
            assertEquals(1, p.objectsFailed());
            assertEquals(4_000_500, p.bytesCopied());
            assertEquals(4_000_500, p.bytesTotal());
            assertEquals(false, p.sizingComplete(), "neither the sizing pass nor the copy has listed to the end");
            assertEquals("k", p.lastKey());
            // Nothing moved since the reporter started: the carried 4 MB are no part of this run's rate.
            assertEquals(0, p.bytesPerSecond());
            assertEquals(0, reporter.averageRate());

            // The line says which counts go with its checkpoint: the carried ones, the new object is not done yet.
            reporter.report();
            ProgressLine line = ProtocolJson.newestProgressLine(out.toString(StandardCharsets.UTF_8)).orElseThrow();
            assertEquals("k", line.progress().lastKey());
            assertEquals(new CheckpointCounts(40, 2, 1, 4_000_000), line.checkpointCounts());
            assertEquals(41, line.progress().objectsCopied());
        }
    }
}
