package io.s3migration.copier.transfer;

import io.s3migration.copier.client.HotPath;
import io.s3migration.copier.client.TrailerCheck;
import io.s3migration.copier.errors.Retry;
import io.s3migration.copier.errors.SideFailure;
import io.s3migration.copier.side.Side;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Whether the destination checks a trailing CRC32C on parts, asked once a run when the first part needs the copier's
 * own check (one no source layout proves): an upload made for the key, two 1-byte parts, and the upload aborted
 * ({@link HotPath#checksTrailingCrc32c}). When it does, such parts carry the checksum and the destination refuses any
 * byte that changed on the way, so nothing is hashed here; when it does not (S3Proxy 4.1 takes a wrong one), or could
 * not be asked, the MD5 of every such part is compared with the ETag the destination returns, as before.
 */
final class DestinationChecksums {
    private final Supplier<S3Client> destination;
    private final HotPath path;
    private final String bucket;
    private final Retry retry;
    private final OpenUploads uploads;
    private final AtomicLong checked = new AtomicLong();
    private volatile TrailerCheck check;

    DestinationChecksums(Supplier<S3Client> destination, HotPath path, String bucket, Retry retry, OpenUploads uploads) {
        this.destination = destination;
        this.path = path;
        this.bucket = bucket;
        this.retry = retry;
        this.uploads = uploads;
    }

    /** Whether parts carry a trailing CRC32C that the destination checks; asked, with {@code key}, the first time. */
    boolean checkedByDestination(String key) {
        TrailerCheck known = check;
        if (known == null) {
            synchronized (this) {
                if (check == null) {
                    check = ask(key);
                }
                known = check;
            }
        }
        return known.checks();
    }

    /** One part sent with a checksum the destination checked. */
    void counted() {
        checked.incrementAndGet();
    }

    /** Parts the destination checked by their CRC32C this run. */
    long checked() {
        return checked.get();
    }

    /** What asking found (null: not asked, no part needed a check of the copier's own). */
    TrailerCheck found() {
        return check;
    }

    private TrailerCheck ask(String key) {
        if (!path.asksAboutTrailingChecksums()) {
            return TrailerCheck.unproven("requests go through the SDK client");
        }
        String uploadId;
        try {
            uploadId = retry.run(() -> SideFailure.on(Side.DESTINATION, () -> destination.get().createMultipartUpload(
                    CreateMultipartUploadRequest.builder().bucket(bucket).key(key).build()).uploadId()));
        } catch (RuntimeException e) {
            return TrailerCheck.unproven("no upload could be made to ask: " + e.getMessage());
        }
        uploads.opened(uploadId, key);
        try {
            return path.checksTrailingCrc32c(key, uploadId);
        } finally {
            uploads.abort(key, uploadId);
            uploads.ended(uploadId);
        }
    }
}
