package io.s3migration.copier.report;

import io.s3migration.protocol.CheckpointCounts;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How many objects and bytes a run has to go through. Two counts feed it: the sizing pass (a listing of its own that
 * only counts, so the totals are known long before the copy gets there) and the copy loop's own listing (which
 * reaches the end last, but is what the run actually did). Objects done before a checkpoint are carried over.
 * Thread-safe; {@link #of} is the decision, pure.
 */
public final class Totals {
    /** A count of objects and their bytes. */
    public record Count(long objects, long bytes) {
        public static final Count ZERO = new Count(0, 0);

        Count plus(Count other) {
            return new Count(objects + other.objects, bytes + other.bytes);
        }

        Count max(Count other) {
            return new Count(Math.max(objects, other.objects), Math.max(bytes, other.bytes));
        }
    }

    /** The totals at one moment; {@code known}: final (as far as a listing can tell), not a count so far. */
    public record Known(long objects, long bytes, boolean known) {
    }

    private final Count carried;
    private final AtomicLong sizedObjects = new AtomicLong();
    private final AtomicLong sizedBytes = new AtomicLong();
    private final AtomicLong handledObjects = new AtomicLong();
    private final AtomicLong handledBytes = new AtomicLong();
    private volatile boolean sizingEnded;
    private volatile boolean handlingEnded;

    /** Totals that start from what the runs before a checkpoint did (their skipped objects' sizes are not known). */
    public Totals(CheckpointCounts before) {
        this.carried = new Count(before.objectsDone(), before.bytesCopied());
    }

    /** The sizing pass counted one more object. */
    public void sized(long size) {
        sizedObjects.incrementAndGet();
        sizedBytes.addAndGet(size);
    }

    /** The sizing pass listed to the end. */
    public void sizingEnded() {
        sizingEnded = true;
    }

    /** The copy loop took one more object from its own listing. */
    public void handled(long size) {
        handledObjects.incrementAndGet();
        handledBytes.addAndGet(size);
    }

    /** The copy loop's listing reached its end: nothing more will be handled. */
    public void handlingEnded() {
        handlingEnded = true;
    }

    public Known now() {
        // the flags before the counts: a flag seen set means its counts are final
        boolean handledAll = handlingEnded;
        boolean sizedAll = sizingEnded;
        return of(carried, new Count(sizedObjects.get(), sizedBytes.get()), sizedAll,
                new Count(handledObjects.get(), handledBytes.get()), handledAll);
    }

    /**
     * The totals from the two counts. Once the copy loop has listed everything, its count is the truth. Before, the
     * larger of the two counts: keys added behind the sizing pass make the copy loop find more than was sized, keys
     * deleted after it counted them make it find fewer (the total then drops to what was found at the end). They are
     * known once either listing has reached its end; a sizing pass that failed never does, and the copy loop's own
     * count takes over.
     */
    public static Known of(Count carried, Count sized, boolean sizingEnded, Count handled, boolean handlingEnded) {
        Count total = carried.plus(handlingEnded ? handled : sized.max(handled));
        return new Known(total.objects(), total.bytes(), sizingEnded || handlingEnded);
    }
}
