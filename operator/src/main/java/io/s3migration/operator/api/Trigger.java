package io.s3migration.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;

/** What starts another pass of a finished MigrationJob ({@code spec.trigger}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Trigger(
        @JsonPropertyDescription("Any string; setting a new value on a Succeeded or Failed MigrationJob starts another"
                + " incremental pass (pre-flight, copy of what is missing or different, verification);"
                + " status.lastManualTrigger echoes the value of the last pass started. Set while a pass runs, it starts"
                + " another one when that pass ends")
        // Echoed in status, messages and Events: a date or a ticket number, not a document.
        @Size(max = 253)
        String manual) {
}
