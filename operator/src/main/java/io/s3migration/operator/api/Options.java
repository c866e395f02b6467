package io.s3migration.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.s3migration.protocol.CopierSettings;

/** How the copier runs. Unset values take the copier's defaults. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Options(
        @Min(1)
        @Max(1024)
        @JsonPropertyDescription("Parallel object transfers (1-1024), also the most listing parts listed at once;"
                + " unset = the platform's default (the chart's limits.concurrency.default), else "
                + CopierSettings.DEFAULT_CONCURRENCY)
        Integer concurrency,
        @JsonPropertyDescription("Bytes per second for the whole migration, as a Kubernetes quantity (50Mi, 1G); unset = the"
                + " platform's default (the chart's limits.bandwidthLimit.default), else unlimited")
        @Size(max = 32)
        @ValidationRule(value = "self.matches('^[0-9]+(\\\\.[0-9]+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$')",
                message = "bandwidthLimit must be bytes per second as a quantity such as 50Mi, 500k or 1G")
        String bandwidthLimit,
        @JsonPropertyDescription("checksum (default): skip and verify by size and ETag/checksum; size: by size only")
        @SchemaFrom(type = VerifyName.class)
        @Default("checksum")
        String verify,
        @JsonPropertyDescription("an object in GLACIER/DEEP_ARCHIVE not yet restored (restored ones are copied): fail (default) stops the run, skip counts it and goes on")
        @SchemaFrom(type = ArchivedObjectName.class)
        @Default("fail")
        String onArchivedObject,
        @JsonPropertyDescription("Copy content-type, cache-control, content-*, expires and user metadata (default true)")
        @Default("true")
        Boolean preserveMetadata,
        @JsonPropertyDescription("Storage class for the copied objects; unset = the destination's default")
        @Size(max = 64)
        String storageClass) {

    public static final Options DEFAULTS = new Options(null, null, null, null, null, null);

    /**
     * The schema's {@code enum:} for {@code verify} (the protocol's {@code VerifyLevel}); reconcile/ parses the String.
     * The enum is the only check: the API server runs no CEL rule of an object an enum refused.
     */
    public enum VerifyName { checksum, size }

    /** The schema's {@code enum:} for {@code onArchivedObject} (the protocol's {@code ArchivedObjectPolicy}). */
    public enum ArchivedObjectName { fail, skip }

    public Options(Integer concurrency) {
        this(concurrency, null, null, null, null, null);
    }

    public Options withConcurrency(Integer value) {
        return new Options(value, bandwidthLimit, verify, onArchivedObject, preserveMetadata, storageClass);
    }

    public Options withBandwidthLimit(String value) {
        return new Options(concurrency, value, verify, onArchivedObject, preserveMetadata, storageClass);
    }

    // Explicit accessors keep the CEL rules on the fields only (see MigrationJobSpec).
    @Override
    public String bandwidthLimit() {
        return bandwidthLimit;
    }
}
