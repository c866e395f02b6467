package io.s3migration.copier.report;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The checkpoint: the greatest key such that it and every key before it are done. Keys start in listing order
 * and finish in any order; only the window between the oldest unfinished key and the newest started one is held.
 */
public final class CheckpointTracker {
    private final Deque<String> inFlight = new ArrayDeque<>();
    private final Map<String, Boolean> finished = new HashMap<>();
    private String checkpoint;

    public CheckpointTracker(String resumedFrom) {
        this.checkpoint = resumedFrom;
    }

    public synchronized void started(String key) {
        inFlight.addLast(key);
        finished.put(key, false);
    }

    public synchronized void finished(String key) {
        finished.put(key, true);
        while (!inFlight.isEmpty() && finished.get(inFlight.peekFirst())) {
            checkpoint = inFlight.pollFirst();
            finished.remove(checkpoint);
        }
    }

    public synchronized String checkpoint() {
        return checkpoint;
    }
}
