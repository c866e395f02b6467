package io.s3migration.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.s3migration.protocol.Bucket;

/** One side of a migration: where the bucket is and which Secret holds its keys. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BucketSpec(
        @JsonPropertyDescription("aws | wasabi | b2 | r2 | gcs | minio | custom: a preset that fills in endpoint, region"
                + " and addressing rules; an explicit endpoint wins")
        @SchemaFrom(type = ProviderName.class)
        String provider,
        @JsonPropertyDescription("S3 endpoint URL, e.g. https://s3.eu-west-1.amazonaws.com; optional for AWS with a region"
                + " (source) and for the platform storage (destination)")
        @ValidationRule(value = "self.matches('^https?://[^/?#@\\\\s]+/?$')", message = "endpoint must look like"
                + " https://host[:port] with no path, user or query (plain http only where the platform allows it)")
        @Size(max = 2048)
        String endpoint,
        @JsonPropertyDescription("The bucket's region, e.g. eu-west-1")
        @Size(max = 64)
        String region,
        @Required
        @JsonPropertyDescription("The bucket name")
        @ValidationRule(value = "self.matches('^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$') && !self.contains('..')"
                + " && !self.matches('^[0-9]+[.][0-9]+[.][0-9]+[.][0-9]+$')", message = "bucket must be 3-63 characters of"
                + " lowercase letters, digits, '.' and '-', start and end with a letter or digit, and not look like an IP address")
        @Size(max = 63)
        String bucket,
        @JsonPropertyDescription("Only keys under this prefix (a folder like 2025/); empty = the whole bucket. A destination"
                + " without a prefix takes the source's (2025/a.jpg lands as 2025/a.jpg); set it to \"\" to write at the top of"
                + " the bucket instead. Not together with key")
        @Size(max = 1024)
        String prefix,
        @JsonPropertyDescription("One exact object instead of a prefix: report.pdf copies that key only, not report.pdf.sig."
                + " On the source it names the object; on the destination the key it is written to (default: the same key)."
                + " Not together with prefix")
        @Size(min = 1, max = 1024)
        String key,
        @JsonPropertyDescription("Path-style addressing (https://host/bucket/key), needed by many S3-compatible servers")
        @Default("false")
        Boolean pathStyle,
        @Required
        @JsonPropertyDescription("The Secret in this namespace that holds the access key pair")
        SecretRef credentialsSecretRef) {

    /**
     * Root-level rules (they need status): a bucket may be corrected until the migration starts (no phase, Pending,
     * Queued, and no startTime: a started migration waiting again, for a quota slot or a Secret, keeps its checkpoint
     * and must resume into the same buckets), then only its credentialsSecretRef may change. Absent pathStyle counts
     * as false.
     */
    static final String NOT_STARTED = "!has(oldSelf.status) || ((!has(oldSelf.status.phase) || oldSelf.status.phase in ['Pending', 'Queued'])"
            + " && !has(oldSelf.status.startTime))";
    static final String SAME_SOURCE = NOT_STARTED + " || " + "[self.spec.source.?provider, self.spec.source.?endpoint, self.spec.source.?region, self.spec.source.?prefix, self.spec.source.?key, optional.of(self.spec.source.bucket),"
            + " optional.of(string(has(self.spec.source.pathStyle) && self.spec.source.pathStyle))]"
            + " == [oldSelf.spec.source.?provider, oldSelf.spec.source.?endpoint, oldSelf.spec.source.?region, oldSelf.spec.source.?prefix, oldSelf.spec.source.?key, optional.of(oldSelf.spec.source.bucket),"
            + " optional.of(string(has(oldSelf.spec.source.pathStyle) && oldSelf.spec.source.pathStyle))]";
    /** Spec-level rules on the keys of the two sides (on {@link MigrationJob#getSpec()}), each with its message. */
    static final String SOURCE_KEY_OR_PREFIX = "!has(self.source.key) || !has(self.source.prefix)";
    static final String SOURCE_KEY_OR_PREFIX_MESSAGE = "spec.source: set key (one object) or prefix (everything under it), not both";
    static final String DESTINATION_KEY_OR_PREFIX = "!has(self.destination.key) || !has(self.destination.prefix)";
    static final String DESTINATION_KEY_OR_PREFIX_MESSAGE = "spec.destination: set key (where the one source object goes) or"
            + " prefix (where the source prefix goes), not both";
    static final String DESTINATION_KEY_NEEDS_SOURCE_KEY = "!has(self.destination.key) || has(self.source.key)";
    static final String DESTINATION_KEY_NEEDS_SOURCE_KEY_MESSAGE = "spec.destination.key names where one object goes: set"
            + " spec.source.key to that object, or use spec.destination.prefix to copy a prefix";
    static final String SOURCE_KEY_NO_DESTINATION_PREFIX = "!has(self.source.key) || !has(self.destination.prefix)";
    static final String SOURCE_KEY_NO_DESTINATION_PREFIX_MESSAGE = "spec.source.key copies one object: name its destination"
            + " with spec.destination.key (default: the same key), not spec.destination.prefix";
    static final String SAME_DESTINATION = NOT_STARTED + " || " + "[self.spec.destination.?provider, self.spec.destination.?endpoint, self.spec.destination.?region, self.spec.destination.?prefix, self.spec.destination.?key, optional.of(self.spec.destination.bucket),"
            + " optional.of(string(has(self.spec.destination.pathStyle) && self.spec.destination.pathStyle))]"
            + " == [oldSelf.spec.destination.?provider, oldSelf.spec.destination.?endpoint, oldSelf.spec.destination.?region, oldSelf.spec.destination.?prefix, oldSelf.spec.destination.?key, optional.of(oldSelf.spec.destination.bucket),"
            + " optional.of(string(has(oldSelf.spec.destination.pathStyle) && oldSelf.spec.destination.pathStyle))]";

    /**
     * The schema's {@code enum:} for {@code provider} (the protocol's {@code Provider}, as users spell it). The field
     * stays a String: {@code reconcile/EndpointAdmission} parses it into the protocol's enum. No CEL rule restates
     * the list: the API server skips an object's CEL rules once an enum refuses it, so such a rule would never run.
     */
    public enum ProviderName { aws, wasabi, b2, r2, gcs, minio, custom }

    public BucketSpec(String endpoint, String region, String bucket, String prefix, Boolean pathStyle, SecretRef credentialsSecretRef) {
        this(null, endpoint, region, bucket, prefix, pathStyle, credentialsSecretRef);
    }

    public BucketSpec(String provider, String endpoint, String region, String bucket, String prefix, Boolean pathStyle,
                      SecretRef credentialsSecretRef) {
        this(provider, endpoint, region, bucket, prefix, null, pathStyle, credentialsSecretRef);
    }

    /** This side with another prefix and key (the destination's defaults, {@link MigrationJobSpec#destinationWithDefaults}). */
    public BucketSpec withKeys(String newPrefix, String newKey) {
        return new BucketSpec(provider, endpoint, region, bucket, newPrefix, newKey, pathStyle, credentialsSecretRef);
    }

    // Explicit accessors keep the CEL rules on the fields only (see MigrationJobSpec).
    @Override
    public String endpoint() {
        return endpoint;
    }

    @Override
    public String bucket() {
        return bucket;
    }

    /** The copier's view of this side: a single key when {@code key} is set, else a prefix. */
    public Bucket toBucket() {
        Bucket side = new Bucket(endpoint, region, bucket, prefix, Boolean.TRUE.equals(pathStyle));
        return key == null ? side : side.withExactKey(key);
    }
}
