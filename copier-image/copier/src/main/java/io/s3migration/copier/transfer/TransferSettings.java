package io.s3migration.copier.transfer;

import io.s3migration.copier.client.S3ClientFactory;
import io.s3migration.copier.errors.Retry;
import io.s3migration.copier.plan.Evidence;
import io.s3migration.protocol.CopierConfig;

import static io.s3migration.protocol.CopierSettings.BANDWIDTH_LIMIT;
import static io.s3migration.protocol.CopierSettings.MULTIPART_THRESHOLD;
import static io.s3migration.protocol.CopierSettings.PART_SIZE;
import static io.s3migration.protocol.CopierSettings.PRESERVE_METADATA;
import static io.s3migration.protocol.CopierSettings.SINGLE_PUT_MAX;
import static io.s3migration.protocol.CopierSettings.STORAGE_CLASS;

/**
 * How objects are moved: sizes, retries, what is carried over, the bandwidth cap (null: none), and whether a
 * server-side copy may be tried (source and destination on the same endpoint).
 */
public record TransferSettings(long multipartThreshold, long partSize, long singlePutMax, Retry retry,
                               boolean preserveMetadata, String storageClass, BandwidthLimiter limiter,
                               boolean serverSideCopy) {

    /** A copy run's: from its config, with the default retries. */
    public static TransferSettings of(CopierConfig c) {
        return new TransferSettings(c.get(MULTIPART_THRESHOLD), c.get(PART_SIZE), c.get(SINGLE_PUT_MAX), Retry.DEFAULT,
                c.get(PRESERVE_METADATA), c.get(STORAGE_CLASS),
                c.get(BANDWIDTH_LIMIT) > 0 ? new BandwidthLimiter(c.get(BANDWIDTH_LIMIT)) : null,
                S3ClientFactory.sameEndpoint(c.source(), c.destination()));
    }

    /**
     * Whether an object is streamed in parts: at or above the threshold, unless one PUT can carry its source's MD5
     * (a plain ETag, up to {@link #singlePutMax}): then the destination checks every byte against the source's own
     * MD5, where parts would need the copier to hash each (about 1.5 CPU-s per GiB) and check only its own sending.
     */
    public boolean inParts(long size, String sourceETag) {
        return size >= multipartThreshold && !(size <= singlePutMax && Evidence.contentMd5Hex(sourceETag) != null);
    }
}
