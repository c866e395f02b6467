package io.s3migration.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.s3migration.protocol.Bucket;

/** One side of a migration: where the bucket is and which Secret holds its keys. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BucketSpec(
        @JsonPropertyDescription("aws | wasabi | b2 | r2 | gcs | minio | custom: a preset that fills in endpoint, region"
                + " and addressing rules; an explicit endpoint wins")
        @ValidationRule(value = "self in ['aws', 'wasabi', 'b2', 'r2', 'gcs', 'minio', 'custom']",
                message = "provider must be one of aws, wasabi, b2, r2, gcs, minio, custom")
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
        @JsonPropertyDescription("Only keys under this prefix (a folder like 2025/, or one exact key); empty = the whole bucket")
        @Size(max = 1024)
        String prefix,
        @JsonPropertyDescription("Path-style addressing (https://host/bucket/key), needed by many S3-compatible servers")
        Boolean pathStyle,
        @Required
        @JsonPropertyDescription("The Secret in this namespace that holds the access key pair")
        SecretRef credentialsSecretRef) {

    /** CEL: where the data is (not which Secret) stays as created. */
    static final String SAME_LOCATION = "[has(self.provider) ? self.provider : '', has(self.endpoint) ? self.endpoint : '', has(self.region) ? self.region : '',"
            + " self.bucket, has(self.prefix) ? self.prefix : '', string(has(self.pathStyle) && self.pathStyle)]"
            + " == [has(oldSelf.provider) ? oldSelf.provider : '', has(oldSelf.endpoint) ? oldSelf.endpoint : '', has(oldSelf.region) ? oldSelf.region : '',"
            + " oldSelf.bucket, has(oldSelf.prefix) ? oldSelf.prefix : '', string(has(oldSelf.pathStyle) && oldSelf.pathStyle)]";

    public BucketSpec(String endpoint, String region, String bucket, String prefix, Boolean pathStyle, SecretRef credentialsSecretRef) {
        this(null, endpoint, region, bucket, prefix, pathStyle, credentialsSecretRef);
    }

    // Explicit accessors keep the CEL rules on the fields only (see MigrationJobSpec).
    @Override
    public String provider() {
        return provider;
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    @Override
    public String bucket() {
        return bucket;
    }

    /** The copier's view of this side. */
    public Bucket toBucket() {
        return new Bucket(endpoint, region, bucket, prefix, Boolean.TRUE.equals(pathStyle));
    }
}
