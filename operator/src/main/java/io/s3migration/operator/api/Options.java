package io.s3migration.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** How the copier runs. Unset values take the copier's defaults. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Options(
        @Min(1)
        @Max(1024)
        @JsonPropertyDescription("Parallel object transfers (1-1024, default 16)")
        Integer concurrency,
        @JsonPropertyDescription("Bytes per second for the whole migration, as a Kubernetes quantity (50Mi, 1G); unset = unlimited")
        @Size(max = 32)
        @ValidationRule(value = "self.matches('^[0-9]+(\\\\.[0-9]+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$')",
                message = "bandwidthLimit must be bytes per second as a quantity such as 50Mi, 500k or 1G")
        String bandwidthLimit,
        @JsonPropertyDescription("checksum (default): skip and verify by size and ETag/checksum; size: by size only")
        @ValidationRule(value = "self in ['checksum', 'size']", message = "verify must be checksum or size")
        String verify,
        @JsonPropertyDescription("fail (default): stop at an object in GLACIER/DEEP_ARCHIVE; skip: count it and go on")
        @ValidationRule(value = "self in ['fail', 'skip']", message = "onArchivedObject must be fail or skip")
        String onArchivedObject,
        @JsonPropertyDescription("Copy content-type, cache-control, content-*, expires and user metadata (default true)")
        Boolean preserveMetadata,
        @JsonPropertyDescription("Storage class for the copied objects; unset = the destination's default")
        @Size(max = 64)
        String storageClass) {

    public static final Options DEFAULTS = new Options(null, null, null, null, null, null);

    public Options(Integer concurrency) {
        this(concurrency, null, null, null, null, null);
    }

    // Explicit accessors keep the CEL rules on the fields only (see MigrationJobSpec).
    @Override
    public String bandwidthLimit() {
        return bandwidthLimit;
    }

    @Override
    public String verify() {
        return verify;
    }

    @Override
    public String onArchivedObject() {
        return onArchivedObject;
    }
}
