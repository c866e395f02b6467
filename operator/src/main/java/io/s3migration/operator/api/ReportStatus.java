package io.s3migration.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.List;

/** The newest report of the current or last pass ({@code status.report}, with {@code spec.report}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReportStatus(
        @JsonPropertyDescription("Its key in the destination bucket: <prefix><migration>/<pass>-<utc>.jsonl, written by the"
                + " pass's last copier run (the verification after a successful copy, else the copy); a parallel"
                + " migration's runs write one per range, named in shardKeys instead")
        String key,
        @JsonPropertyDescription("A parallel migration (spec.parallelism > 1): the report of each range of the pass's last"
                + " run, <prefix><migration>/<pass>-<utc>-shard<index>.jsonl, in index order")
        List<String> shardKeys) {

    /** The one report of a single copy pod's run. */
    public ReportStatus(String key) {
        this(key, null);
    }

    public static ReportStatus ofShards(List<String> keys) {
        return new ReportStatus(null, List.copyOf(keys));
    }
}
