package io.s3migration.protocol;

/**
 * One side of a migration as the copier sees it. {@code endpoint} may be null for AWS (the SDK derives it
 * from the region); {@code prefix} may be empty (the whole bucket). An object keeps its key below the prefix on
 * both sides ({@code src/prefix/a/b} -> {@code dst/prefix/a/b}): {@link #key} and {@link #relativeKey} are the one
 * place that maps between the two.
 *
 * <p>With {@code exactKey} the prefix is one whole key: the side is that single object and no other ({@code report.pdf}
 * is not {@code report.pdf.sig}); its relative key is empty, so a single-key source maps onto a single-key destination.
 */
public record Bucket(String endpoint, String region, String bucket, String prefix, boolean pathStyle, boolean exactKey) {
    public Bucket {
        prefix = prefix == null ? "" : prefix;
    }

    /** A side listed by prefix (empty: the whole bucket). */
    public Bucket(String endpoint, String region, String bucket, String prefix, boolean pathStyle) {
        this(endpoint, region, bucket, prefix, pathStyle, false);
    }

    /** This side as the single object {@code key} (same endpoint, region, bucket, addressing). */
    public Bucket withExactKey(String key) {
        return new Bucket(endpoint, region, bucket, key, pathStyle, true);
    }

    /** The full key on this side of the object whose key below the prefix is {@code relativeKey}. */
    public String key(String relativeKey) {
        return prefix + relativeKey;
    }

    /** Whether {@code key} lies under the prefix (for a single key: is that key). */
    public boolean holds(String key) {
        return exactKey ? key.equals(prefix) : key.startsWith(prefix);
    }

    /** {@code key} (one under the prefix) without the prefix. */
    public String relativeKey(String key) {
        return key.substring(prefix.length());
    }

    /** Whether {@code other} is the same bucket at the same endpoint (objects of one may be listed by the other). */
    public boolean sameBucketAs(Bucket other) {
        return bucket.equals(other.bucket) && java.util.Objects.equals(endpoint, other.endpoint)
                && (endpoint != null || java.util.Objects.equals(region, other.region));
    }

    /** {@code s3://bucket/prefix}, for messages; a single key says so. */
    public String location() {
        return "s3://" + bucket + "/" + prefix + (exactKey ? " (this one key)" : "");
    }
}
