package io.s3migration.copier.report;

import io.s3migration.protocol.CheckpointCounts;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The checkpoint: the greatest key such that it and every key before it are done, with the counts of exactly
 * those keys. Keys start in listing order and finish in any order; only the window between the oldest unfinished
 * key and the newest started one is held. Keys finished beyond the checkpoint are not in its counts: a run
 * resuming after it does them again (or finds them at the destination) and counts them then, once.
 */
public final class CheckpointTracker {
    /** How a key ended. */
    public enum Outcome { COPIED, SKIPPED, FAILED }

    /** A checkpoint key and the counts of every key up to and including it, taken together. */
    public record Mark(String lastKey, CheckpointCounts counts) {
    }

    private record Done(Outcome outcome, long bytesCopied) {
    }

    private final Deque<String> inFlight = new ArrayDeque<>();
    /** The keys in flight; a value once the key is done. */
    private final Map<String, Done> finished = new HashMap<>();
    private String checkpoint;
    private long copied;
    private long skipped;
    private long failed;
    private long bytesCopied;

    /** A tracker that goes on from a checkpoint ({@code null}: from the start) and the counts up to it. */
    public CheckpointTracker(String resumedFrom, CheckpointCounts before) {
        this.checkpoint = resumedFrom;
        this.copied = before.objectsCopied();
        this.skipped = before.objectsSkipped();
        this.failed = before.objectsFailed();
        this.bytesCopied = before.bytesCopied();
    }

    public synchronized void started(String key) {
        inFlight.addLast(key);
        finished.put(key, null);
    }

    public synchronized void finished(String key, Outcome outcome, long bytes) {
        finished.put(key, new Done(outcome, bytes));
        while (!inFlight.isEmpty() && finished.get(inFlight.peekFirst()) != null) {
            checkpoint = inFlight.pollFirst();
            Done done = finished.remove(checkpoint);
            switch (done.outcome()) {
                case COPIED -> copied++;
                case SKIPPED -> skipped++;
                case FAILED -> failed++;
            }
            bytesCopied += done.bytesCopied();
        }
    }

    public synchronized String checkpoint() {
        return checkpoint;
    }

    public synchronized Mark mark() {
        return new Mark(checkpoint, new CheckpointCounts(copied, skipped, failed, bytesCopied));
    }
}
