package io.s3migration.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Where each copier run writes its JSON Lines report ({@code spec.report}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReportSpec(
        @Required
        @JsonPropertyDescription("A prefix in the destination bucket, e.g. s3migration-reports/: each copy and verify run"
                + " writes <prefix><migration>/<pass>-<utc>.jsonl there, one line per failed, missing, mismatched or"
                + " changed-during-the-pass key with its reason, and a summary line last; status.report.key names the"
                + " newest. Keys under it are never copied or verified as data")
        @Size(min = 1, max = 512)
        String destinationPrefix) {
}
