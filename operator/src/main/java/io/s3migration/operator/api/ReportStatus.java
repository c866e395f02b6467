package io.s3migration.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The newest report of the current or last pass ({@code status.report}, with {@code spec.report}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReportStatus(
        @JsonPropertyDescription("Its key in the destination bucket: <prefix><migration>/<pass>-<utc>.jsonl, written by the"
                + " pass's last copier run (the verification after a successful copy, else the copy)")
        String key) {
}
