package io.s3migration.copier.transfer;

import io.s3migration.copier.client.S3ClientFactory;
import io.s3migration.copier.errors.Retry;
import io.s3migration.protocol.CopierConfig;

import static io.s3migration.protocol.CopierSettings.BANDWIDTH_LIMIT;
import static io.s3migration.protocol.CopierSettings.MULTIPART_THRESHOLD;
import static io.s3migration.protocol.CopierSettings.PART_SIZE;
import static io.s3migration.protocol.CopierSettings.PRESERVE_METADATA;
import static io.s3migration.protocol.CopierSettings.STORAGE_CLASS;

/**
 * How objects are moved: sizes, retries, what is carried over, the bandwidth cap (null: none), and whether a
 * server-side copy may be tried (source and destination on the same endpoint).
 */
public record TransferSettings(long multipartThreshold, long partSize, Retry retry, boolean preserveMetadata,
                               String storageClass, BandwidthLimiter limiter, boolean serverSideCopy) {

    /** A copy run's: from its config, with the default retries. */
    public static TransferSettings of(CopierConfig c) {
        return new TransferSettings(c.get(MULTIPART_THRESHOLD), c.get(PART_SIZE), Retry.DEFAULT,
                c.get(PRESERVE_METADATA), c.get(STORAGE_CLASS),
                c.get(BANDWIDTH_LIMIT) > 0 ? new BandwidthLimiter(c.get(BANDWIDTH_LIMIT)) : null,
                S3ClientFactory.sameEndpoint(c.source(), c.destination()));
    }
}
