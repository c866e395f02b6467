package io.s3migration.copier.transfer;

import io.s3migration.copier.errors.Retry;
import io.s3migration.copier.errors.SideFailure;
import io.s3migration.copier.side.Side;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The clean-up of multipart uploads at the destination, each billed (with its parts) until completed or aborted:
 * this run's own while they are open, and those an earlier run left for a key this run wrote. An abort discards
 * unfinished parts, never a stored object.
 */
public final class OpenUploads {
    private final Supplier<S3Client> destination;
    private final String bucket;
    private final Retry retry;
    private final AtomicLong leftoversAborted = new AtomicLong();
    /** The multipart uploads this run has open (upload id to destination key), for {@link #abortAll}. */
    private final Map<String, String> open = new ConcurrentHashMap<>();

    OpenUploads(Supplier<S3Client> destination, String bucket, Retry retry) {
        this.destination = destination;
        this.bucket = bucket;
        this.retry = retry;
    }

    void opened(String uploadId, String key) {
        open.put(uploadId, key);
    }

    /** This run's upload of {@code key} completed or was aborted: the key's other open uploads are ended. */
    void closed(String uploadId, String key) {
        ended(uploadId);
        abortOthers(key, uploadId);
    }

    /** This run's upload is no longer open (completed or aborted). */
    void ended(String uploadId) {
        open.remove(uploadId);
    }

    /** Multipart uploads left behind by earlier runs for keys this run wrote, aborted. */
    public long leftoversAborted() {
        return leftoversAborted.get();
    }

    /**
     * Ends every open upload of the key but this run's own ({@code ours}): one a killed run left, and one whose
     * CreateMultipartUpload answer was lost (the server made it, the retry made another), both billed until
     * aborted. The key is this run's to rewrite. Best effort: what stays open, the next run's sweep ends.
     */
    private void abortOthers(String key, String ours) {
        try {
            List<MultipartUpload> uploads = retry.run(() -> SideFailure.on(Side.DESTINATION, () -> destination.get().listMultipartUploads(
                    ListMultipartUploadsRequest.builder().bucket(bucket).prefix(key).build()).uploads()));
            for (MultipartUpload upload : uploads) {
                if (key.equals(upload.key()) && !upload.uploadId().equals(ours)) {
                    abort(key, upload.uploadId());
                    leftoversAborted.incrementAndGet();
                }
            }
        } catch (RuntimeException ignored) {
            // the server cannot list uploads (501), or listing failed even after retries
        }
    }

    /**
     * Aborts the multipart uploads still open, once each and without retries: for a copier being stopped (a pause
     * deletes its pod), so that its unfinished uploads are not left billed until a later run of the same keys.
     * Returns how many were aborted.
     */
    public int abortAll() {
        int aborted = 0;
        for (Map.Entry<String, String> upload : Map.copyOf(open).entrySet()) {
            try {
                destination.get().abortMultipartUpload(AbortMultipartUploadRequest.builder().bucket(bucket)
                        .key(upload.getValue()).uploadId(upload.getKey()).build());
                open.remove(upload.getKey());
                aborted++;
            } catch (RuntimeException ignored) {
                // stopping anyway; the next run of this key ends it
            }
        }
        return aborted;
    }

    /** Retried like any request: an abort lost to a reset would leave the upload (and its parts) billed. */
    void abort(String key, String uploadId) {
        try {
            retry.run(() -> SideFailure.on(Side.DESTINATION, () -> destination.get().abortMultipartUpload(
                    AbortMultipartUploadRequest.builder().bucket(bucket).key(key).uploadId(uploadId).build())));
        } catch (RuntimeException ignored) {
            // a leftover upload is found and aborted by the next run; the original error matters more
        }
    }
}
