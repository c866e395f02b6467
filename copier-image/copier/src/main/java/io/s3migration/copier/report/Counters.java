package io.s3migration.copier.report;

import io.s3migration.protocol.CheckpointCounts;
import io.s3migration.protocol.Progress;

import java.util.concurrent.atomic.AtomicLong;

/** The live counters of a run, updated by many threads; {@link #snapshot} turns them into protocol progress. */
public final class Counters {
    public final AtomicLong objectsCopied = new AtomicLong();
    public final AtomicLong objectsSkipped = new AtomicLong();
    public final AtomicLong objectsFailed = new AtomicLong();
    public final AtomicLong bytesCopied = new AtomicLong();
    private final Totals totals;

    public Counters() {
        this(CheckpointCounts.NONE);
    }

    private Counters(CheckpointCounts before) {
        this.totals = new Totals(before);
    }

    /**
     * Counters that go on from what the runs before a checkpoint did: those objects count as listed and done, and
     * their copied bytes as listed and copied (the sizes of objects they skipped are not known any more).
     */
    public static Counters resumedFrom(CheckpointCounts before) {
        Counters c = new Counters(before);
        c.objectsCopied.set(before.objectsCopied());
        c.objectsSkipped.set(before.objectsSkipped());
        c.objectsFailed.set(before.objectsFailed());
        c.bytesCopied.set(before.bytesCopied());
        return c;
    }

    /** The run's loop took one more object from its listing. */
    public void listed(long size) {
        totals.handled(size);
    }

    /** The run's loop listed everything: the totals are final. */
    public void listingEnded() {
        totals.handlingEnded();
    }

    /** What a sizing pass counts into. */
    public Totals totals() {
        return totals;
    }

    public Progress snapshot(long bytesPerSecond, String lastKey) {
        // done before totals: an object is listed before it is done, so done never shows above the total
        long copied = objectsCopied.get();
        long skipped = objectsSkipped.get();
        long failed = objectsFailed.get();
        long bytes = bytesCopied.get();
        Totals.Known t = totals.now();
        return new Progress(t.known(), t.objects(), copied, skipped, failed, t.bytes(), bytes, bytesPerSecond, lastKey);
    }
}
