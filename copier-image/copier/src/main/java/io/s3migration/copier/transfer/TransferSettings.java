package io.s3migration.copier.transfer;

/** How objects are moved: sizes, retries and what is carried over. */
public record TransferSettings(long multipartThreshold, long partSize, Retry retry, boolean preserveMetadata,
                               String storageClass) {
}
