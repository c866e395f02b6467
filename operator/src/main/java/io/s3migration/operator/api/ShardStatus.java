package io.s3migration.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.s3migration.protocol.Progress;

/**
 * One key range of a parallel migration (spec.parallelism > 1) and how far its copy pod got: the range as the plan cut
 * it, the range's own checkpoint (its resume point) and counts. status.progress is the sum over all shards.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ShardStatus(
        @JsonPropertyDescription("The Indexed Job's completion index that owns this range (0-based)")
        int index,
        @JsonPropertyDescription("The range starts after this source key (empty: from the first key)")
        String after,
        @JsonPropertyDescription("The range ends with this source key (empty: to the last key, keys added later included)")
        String upTo,
        @JsonPropertyDescription("Pending (no pod yet), Running, Succeeded or Failed")
        String phase,
        @JsonPropertyDescription("Where this range's copy resumes, and its counts up to there")
        Checkpoint checkpoint,
        @JsonPropertyDescription("This range's counters")
        Counts counts) {

    public static final String PENDING = "Pending";
    public static final String RUNNING = "Running";
    public static final String SUCCEEDED = "Succeeded";
    public static final String FAILED = "Failed";

    public ShardStatus with(String newPhase, Checkpoint newCheckpoint, Counts newCounts) {
        return new ShardStatus(index, after, upTo, newPhase, newCheckpoint, newCounts);
    }

    /** A range's raw counters (the copier's progress without its key). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Counts(
            @JsonPropertyDescription("true once this range is listed whole (its totals are final)")
            boolean sizingComplete,
            @JsonPropertyDescription("Objects found in this range (so far, until sizingComplete)")
            long objectsTotal,
            @JsonPropertyDescription("Objects of this range copied")
            long objectsCopied,
            @JsonPropertyDescription("Objects of this range already at the destination")
            long objectsSkipped,
            @JsonPropertyDescription("Objects of this range that could not be copied")
            long objectsFailed,
            @JsonPropertyDescription("Bytes found in this range (so far, until sizingComplete)")
            long bytesTotal,
            @JsonPropertyDescription("Bytes of this range copied")
            long bytesCopied,
            @JsonPropertyDescription("Current rate; 0 once the range is done")
            long bytesPerSecond) {

        public static Counts of(Progress p) {
            return new Counts(p.sizingComplete(), p.objectsTotal(), p.objectsCopied(), p.objectsSkipped(), p.objectsFailed(),
                    p.bytesTotal(), p.bytesCopied(), p.bytesPerSecond());
        }

        public Progress progress() {
            return new Progress(sizingComplete, objectsTotal, objectsCopied, objectsSkipped, objectsFailed, bytesTotal,
                    bytesCopied, bytesPerSecond, null);
        }
    }
}
