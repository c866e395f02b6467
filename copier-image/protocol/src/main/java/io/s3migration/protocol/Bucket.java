package io.s3migration.protocol;

/**
 * One side of a migration as the copier sees it. {@code endpoint} may be null for AWS (the SDK derives it
 * from the region); {@code prefix} may be empty (the whole bucket) or one exact key.
 */
public record Bucket(String endpoint, String region, String bucket, String prefix, boolean pathStyle) {
    public Bucket {
        prefix = prefix == null ? "" : prefix;
    }
}
