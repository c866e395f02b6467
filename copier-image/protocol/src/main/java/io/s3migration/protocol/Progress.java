package io.s3migration.protocol;

/**
 * The copier's counters at one moment. {@code lastKey} is the checkpoint: every key up to and including it is
 * done (copied, skipped or counted as failed), so a restarted run may begin after it.
 */
public record Progress(
        boolean sizingComplete,
        long objectsTotal,
        long objectsCopied,
        long objectsSkipped,
        long objectsFailed,
        long bytesTotal,
        long bytesCopied,
        long bytesPerSecond,
        String lastKey) {

    public static final Progress NONE = new Progress(false, 0, 0, 0, 0, 0, 0, 0, null);

    /** Objects that need no more work: copied, skipped as identical, or failed. */
    public long objectsDone() {
        return objectsCopied + objectsSkipped + objectsFailed;
    }
}
