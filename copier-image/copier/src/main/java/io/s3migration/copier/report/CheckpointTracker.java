package io.s3migration.copier.report;

import io.s3migration.protocol.CheckpointCounts;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The checkpoint: the greatest key such that it and every key before it are done, with the counts of exactly
 * those keys. Keys start in listing order and finish in any order; only the window between the oldest unfinished
 * key and the newest started one is held. Keys finished beyond the checkpoint are not in its counts: a run
 * resuming after it does them again (or finds them at the destination) and counts them then, once.
 * The window is bounded ({@link #awaitRoom}): while one large object copies, the keys listed after it (mostly
 * quick skips) would otherwise pile up until the heap runs out.
 */
public final class CheckpointTracker {
    /** How a key ended. */
    public enum Outcome { COPIED, SKIPPED, FAILED }

    /** A checkpoint key and the counts of every key up to and including it, taken together. */
    public record Mark(String lastKey, CheckpointCounts counts) {
    }

    private record Done(Outcome outcome, long bytesCopied) {
    }

    /** Window bounds for a copier heap of about 100 MiB: at most this many keys, holding at most this many chars. */
    private static final int MAX_WINDOW_KEYS = 20_000;
    private static final long MAX_WINDOW_CHARS = 2_000_000;

    private final int maxWindowKeys;
    private final long maxWindowChars;
    private final Deque<String> inFlight = new ArrayDeque<>();
    private long windowChars;
    /** The keys in flight; a value once the key is done. */
    private final Map<String, Done> finished = new HashMap<>();
    private String checkpoint;
    private long copied;
    private long skipped;
    private long failed;
    private long bytesCopied;

    /** A tracker that goes on from a checkpoint ({@code null}: from the start) and the counts up to it. */
    public CheckpointTracker(String resumedFrom, CheckpointCounts before) {
        this(resumedFrom, before, MAX_WINDOW_KEYS, MAX_WINDOW_CHARS);
    }

    CheckpointTracker(String resumedFrom, CheckpointCounts before, int maxWindowKeys, long maxWindowChars) {
        this.maxWindowKeys = maxWindowKeys;
        this.maxWindowChars = maxWindowChars;
        this.checkpoint = resumedFrom;
        this.copied = before.objectsCopied();
        this.skipped = before.objectsSkipped();
        this.failed = before.objectsFailed();
        this.bytesCopied = before.bytesCopied();
    }

    public synchronized void started(String key) {
        inFlight.addLast(key);
        windowChars += key.length();
        finished.put(key, null);
    }

    /**
     * Waits until the window has room for another key, or {@code stop} says the run is ending (a worker that hit a
     * fatal error never finishes its key). Returns whether there is room.
     */
    public synchronized boolean awaitRoom(BooleanSupplier stop) throws InterruptedException {
        while (inFlight.size() >= maxWindowKeys || windowChars >= maxWindowChars) {
            if (stop.getAsBoolean()) {
                return false;
            }
            wait(200);
        }
        return true;
    }

    public synchronized void finished(String key, Outcome outcome, long bytes) {
        finished.put(key, new Done(outcome, bytes));
        while (!inFlight.isEmpty() && finished.get(inFlight.peekFirst()) != null) {
            checkpoint = inFlight.pollFirst();
            windowChars -= checkpoint.length();
            Done done = finished.remove(checkpoint);
            switch (done.outcome()) {
                case COPIED -> copied++;
                case SKIPPED -> skipped++;
                case FAILED -> failed++;
            }
            bytesCopied += done.bytesCopied();
        }
        notifyAll();
    }

    public synchronized String checkpoint() {
        return checkpoint;
    }

    public synchronized Mark mark() {
        return new Mark(checkpoint, new CheckpointCounts(copied, skipped, failed, bytesCopied));
    }
}
