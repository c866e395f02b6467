package io.s3migration.protocol;

/** The result of a verify run: how the destination compares with the source. */
public record Verification(long objectsMatched, long objectsMissing, long objectsMismatched, long bytesMatched) {
}
