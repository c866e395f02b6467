package io.s3migration.protocol;

/**
 * One side of a migration as the copier sees it. {@code endpoint} may be null for AWS (the SDK derives it
 * from the region); {@code prefix} may be empty (the whole bucket) or one exact key. An object keeps its key
 * below the prefix on both sides ({@code src/prefix/a/b} -> {@code dst/prefix/a/b}): {@link #key} and
 * {@link #relativeKey} are the one place that maps between the two.
 */
public record Bucket(String endpoint, String region, String bucket, String prefix, boolean pathStyle) {
    public Bucket {
        prefix = prefix == null ? "" : prefix;
    }

    /** The full key on this side of the object whose key below the prefix is {@code relativeKey}. */
    public String key(String relativeKey) {
        return prefix + relativeKey;
    }

    /** Whether {@code key} lies under the prefix. */
    public boolean holds(String key) {
        return key.startsWith(prefix);
    }

    /** {@code key} (one under the prefix) without the prefix. */
    public String relativeKey(String key) {
        return key.substring(prefix.length());
    }

    /** {@code s3://bucket/prefix}, for messages. */
    public String location() {
        return "s3://" + bucket + "/" + prefix;
    }
}
