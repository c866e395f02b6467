package io.s3migration.protocol;

/** What counts as evidence that a destination object is already a copy (for skipping and for verify mode). */
public enum VerifyLevel {
    /** Equal size and equal ETag (or the source ETag recorded by a multipart copy). The default. */
    CHECKSUM,
    /** Equal size only: cheaper, for providers whose ETags are not comparable. */
    SIZE
}
