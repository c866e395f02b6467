package io.s3migration.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.s3migration.protocol.CheckpointCounts;

import java.util.Optional;

/**
 * Where a resumed copy begins: every key up to and including {@code lastKey} is done. The counts are those of
 * exactly these keys (keys finished beyond it are done again by the resumed run, and counted then); a checkpoint
 * written without them (by an older operator) resumes with the progress counts instead.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Checkpoint(
        @JsonPropertyDescription("The last key done; a resumed run starts after it")
        String lastKey,
        @JsonPropertyDescription("Objects copied up to and including lastKey")
        Long objectsCopied,
        @JsonPropertyDescription("Objects found already at the destination up to and including lastKey")
        Long objectsSkipped,
        @JsonPropertyDescription("Objects that failed up to and including lastKey")
        Long objectsFailed,
        @JsonPropertyDescription("Bytes copied up to and including lastKey")
        Long bytesCopied) {

    /** A checkpoint without counts. */
    public Checkpoint(String lastKey) {
        this(lastKey, null, null, null, null);
    }

    public static Checkpoint of(String lastKey, CheckpointCounts counts) {
        return counts == null ? new Checkpoint(lastKey) : new Checkpoint(lastKey, counts.objectsCopied(),
                counts.objectsSkipped(), counts.objectsFailed(), counts.bytesCopied());
    }

    /** The counts up to {@code lastKey}, when this checkpoint carries them (all four, none negative). */
    public Optional<CheckpointCounts> counts() {
        if (objectsCopied == null || objectsSkipped == null || objectsFailed == null || bytesCopied == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new CheckpointCounts(objectsCopied, objectsSkipped, objectsFailed, bytesCopied));
        } catch (IllegalArgumentException negative) {
            return Optional.empty();
        }
    }
}
