package io.s3migration.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One finished pass ({@code status.lastSync}, {@code status.history[]}). Times are RFC 3339 strings. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SyncRecord(
        @JsonPropertyDescription("The pass: 1 for the first, one more for each spec.trigger.manual")
        Integer pass,
        @JsonPropertyDescription("When the pass started (its pre-flight)")
        String startTime,
        @JsonPropertyDescription("When the pass ended")
        String completionTime,
        @JsonPropertyDescription("completionTime - startTime, in seconds")
        Long durationSeconds,
        @JsonPropertyDescription("How the pass ended")
        Result result,
        @JsonPropertyDescription("Why it ended so, in one word (the Ready condition's reason: Succeeded, VerificationFailed, ...)")
        String reason,
        @JsonPropertyDescription("The exit code of the pass's last copier pod (0 success, 1 fatal, 2 invalid input, 3 some"
                + " objects failed or differ, 4 pre-flight failed); absent when none had exited (cancelled, Job deleted)")
        Integer exitCode,
        @JsonPropertyDescription("Objects this pass copied (not those already at the destination)")
        Long objectsCopied,
        @JsonPropertyDescription("Bytes this pass copied")
        Long bytesCopied) {

    /** How a pass ended: the MigrationJob's phase then. */
    public enum Result { Succeeded, Failed, Cancelled }
}
