package io.s3migration.protocol;

/**
 * A progress line on the copier's stdout, about every two seconds: {@code msg} is for people running
 * {@code kubectl logs -f}, {@code progress} for the operator. {@code checkpointCounts} are the counts of the keys
 * up to and including {@code progress.lastKey} only (workers run ahead of the checkpoint): what a run resuming
 * after that key carries on from, so that nothing finished beyond the checkpoint is counted twice.
 */
public record ProgressLine(String type, String msg, Progress progress, CheckpointCounts checkpointCounts) {
    public static final String TYPE = "progress";

    public ProgressLine {
        type = TYPE;
    }

    public ProgressLine(String msg, Progress progress, CheckpointCounts checkpointCounts) {
        this(TYPE, msg, progress, checkpointCounts);
    }

    /** A line without checkpoint counts, as a summary or an older copier gives. */
    public ProgressLine(String msg, Progress progress) {
        this(TYPE, msg, progress, null);
    }
}
