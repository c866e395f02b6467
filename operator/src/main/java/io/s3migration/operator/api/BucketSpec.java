package io.s3migration.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.s3migration.protocol.Bucket;

/** One side of a migration: where the bucket is and which Secret holds its keys. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BucketSpec(
        @JsonPropertyDescription("S3 endpoint URL, e.g. https://s3.eu-west-1.amazonaws.com; optional for AWS with a region")
        String endpoint,
        @JsonPropertyDescription("The bucket's region, e.g. eu-west-1")
        String region,
        @Required
        @JsonPropertyDescription("The bucket name")
        String bucket,
        @JsonPropertyDescription("Only keys under this prefix (a folder like 2025/, or one exact key); empty = the whole bucket")
        String prefix,
        @JsonPropertyDescription("Path-style addressing (https://host/bucket/key), needed by many S3-compatible servers")
        Boolean pathStyle,
        @Required
        @JsonPropertyDescription("The Secret in this namespace that holds the access key pair")
        SecretRef credentialsSecretRef) {

    /** The copier's view of this side. */
    public Bucket toBucket() {
        return new Bucket(endpoint, region, bucket, prefix, Boolean.TRUE.equals(pathStyle));
    }
}
