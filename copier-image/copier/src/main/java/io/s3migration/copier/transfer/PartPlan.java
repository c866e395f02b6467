package io.s3migration.copier.transfer;

import io.s3migration.protocol.CopierSettings;

/**
 * How a large object is cut into parts: the configured part size, grown (in whole MiB) when the object would
 * need more than S3's 10,000 parts, or the source's own layout ({@link #sourceLayout}). Pure.
 */
public record PartPlan(long objectSize, long partSize, int partCount) {
    public static final int MAX_PARTS = 10_000;
    private static final long MIB = 1024L * 1024;
    /** S3's largest part. */
    public static final long MAX_PART_SIZE = 5L * 1024 * MIB;

    /**
     * The layout the source holds the object in, as a HEAD of its first part tells it (that part's length and the part
     * count, {@code x-amz-mp-parts-count}), when the copy can repeat it: as many parts as the source's ETag names
     * ({@code eTagParts}), every one but the last as long as the first, each a part S3 accepts. Null otherwise: the
     * server did not answer for the part (no count), or the total shows the parts differ in size. Parts of other sizes
     * that happen to add up the same are found only by comparing ETags once the parts are stored.
     */
    public static PartPlan sourceLayout(long objectSize, Long firstPartLength, Integer partsCount, int eTagParts) {
        if (partsCount == null || partsCount != eTagParts || eTagParts < 1 || eTagParts > MAX_PARTS
                || firstPartLength == null || firstPartLength <= 0 || firstPartLength > MAX_PART_SIZE
                || (eTagParts > 1 && firstPartLength < CopierSettings.MIN_PART_SIZE)) {
            return null;
        }
        long beforeLast = (eTagParts - 1) * firstPartLength;
        boolean fits = objectSize > beforeLast && objectSize - beforeLast <= firstPartLength;
        return fits ? new PartPlan(objectSize, firstPartLength, eTagParts) : null;
    }

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
