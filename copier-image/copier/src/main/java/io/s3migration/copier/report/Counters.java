package io.s3migration.copier.report;

import io.s3migration.protocol.CheckpointCounts;
import io.s3migration.protocol.Progress;

import java.util.concurrent.atomic.AtomicLong;

/** The live counters of a run, updated by many threads; {@link #snapshot} turns them into protocol progress. */
public final class Counters {
    public final AtomicLong objectsTotal = new AtomicLong();
    public final AtomicLong objectsCopied = new AtomicLong();
    public final AtomicLong objectsSkipped = new AtomicLong();
    public final AtomicLong objectsFailed = new AtomicLong();
    public final AtomicLong bytesTotal = new AtomicLong();
    public final AtomicLong bytesCopied = new AtomicLong();
    private volatile boolean sizingComplete;

    /**
     * Counters that go on from what the runs before a checkpoint did: those objects count as listed and done, and
     * their copied bytes as listed and copied (the sizes of objects they skipped are not known any more).
     */
    public static Counters resumedFrom(CheckpointCounts before) {
        Counters c = new Counters();
        c.objectsTotal.set(before.objectsDone());
        c.objectsCopied.set(before.objectsCopied());
        c.objectsSkipped.set(before.objectsSkipped());
        c.objectsFailed.set(before.objectsFailed());
        c.bytesTotal.set(before.bytesCopied());
        c.bytesCopied.set(before.bytesCopied());
        return c;
    }

    public void listed(long size) {
        objectsTotal.incrementAndGet();
        bytesTotal.addAndGet(size);
    }

    public void sizingComplete() {
        sizingComplete = true;
    }

    public Progress snapshot(long bytesPerSecond, String lastKey) {
        return new Progress(sizingComplete, objectsTotal.get(), objectsCopied.get(), objectsSkipped.get(),
                objectsFailed.get(), bytesTotal.get(), bytesCopied.get(), bytesPerSecond, lastKey);
    }
}
