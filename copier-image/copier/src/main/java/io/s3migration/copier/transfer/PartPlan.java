package io.s3migration.copier.transfer;

/**
 * How a large object is cut into parts: the configured part size, grown (in whole MiB) when the object would
 * need more than S3's 10,000 parts. Pure.
 */
public record PartPlan(long objectSize, long partSize, int partCount) {
    public static final int MAX_PARTS = 10_000;
    private static final long MIB = 1024L * 1024;
    /** S3's largest part. */
    public static final long MAX_PART_SIZE = 5L * 1024 * MIB;

    public static PartPlan of(long objectSize, long preferredPartSize) {
        long partSize = preferredPartSize;
        long needed = ceilDiv(objectSize, MAX_PARTS);
        if (needed > partSize) {
            partSize = ceilDiv(needed, MIB) * MIB;
        }
        if (partSize > MAX_PART_SIZE) {
            throw new IllegalArgumentException("object of " + objectSize + " bytes exceeds S3's largest object");
        }
        int count = (int) Math.max(1, ceilDiv(objectSize, partSize));
        return new PartPlan(objectSize, partSize, count);
    }

    /** First byte of part {@code number} (1-based). */
    public long offset(int number) {
        return (number - 1) * partSize;
    }

    public long length(int number) {
        return Math.min(partSize, objectSize - offset(number));
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
