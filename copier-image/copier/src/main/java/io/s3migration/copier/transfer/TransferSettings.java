package io.s3migration.copier.transfer;

/**
 * How objects are moved: sizes, retries, what is carried over, the bandwidth cap (null: none), and whether a
 * server-side copy may be tried (source and destination on the same endpoint).
 */
public record TransferSettings(long multipartThreshold, long partSize, Retry retry, boolean preserveMetadata,
                               String storageClass, BandwidthLimiter limiter, boolean serverSideCopy) {
}
