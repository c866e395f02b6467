package io.s3migration.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.s3migration.operator.schedule.Cron;

/** What starts another pass of a finished MigrationJob ({@code spec.trigger}): a new manual value, a schedule. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Trigger(
        @JsonPropertyDescription("Any string; setting a new value on a Succeeded or Failed MigrationJob starts another"
                + " incremental pass (pre-flight, copy of what is missing or different, verification);"
                + " status.lastManualTrigger echoes the value of the last pass started. Set while a pass runs, it starts"
                + " another one when that pass ends")
        // Echoed in status, messages and Events: a date or a ticket number, not a document.
        @Size(max = 253)
        String manual,
        @JsonPropertyDescription("A 5-field cron expression in UTC (minute hour day-of-month month day-of-week), e.g."
                + " '0 2 * * *': while set, another incremental pass starts at each time it names, never two at once. A"
                + " pass still running when the next time comes is not doubled: that time is skipped and the next pass"
                + " starts at the first time after the running one ends. status.nextSyncTime shows when. Credentials are"
                + " kept while it is set; remove it (and set manual for a final pass) to finish the migration")
        @Size(max = 100)
        @ValidationRule(value = Cron.CEL_RULE, message = Cron.CEL_MESSAGE)
        String schedule) {

    public Trigger(String manual) {
        this(manual, null);
    }
}
