package io.s3migration.copier.transfer;

import io.s3migration.copier.errors.IntegrityMismatch;
import io.s3migration.copier.listing.ListedObject;
import io.s3migration.copier.plan.Evidence;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/** Whether the bytes the destination stored are the bytes sent, as far as an ETag can tell. */
final class Integrity {
    private Integrity() {
    }

    /**
     * The MD5 (hex) an ETag stands for, or null: not for multipart ETags, and not for objects encrypted with SSE-KMS
     * (or DSSE) or a customer key, whose ETags are 32 hex digits that are not the MD5 of the bytes. Used as one,
     * every such object would fail with BadDigest or a false integrity mismatch.
     */
    static String md5Behind(String eTag, ServerSideEncryption encryption, String customerAlgorithm) {
        boolean opaque = customerAlgorithm != null || (encryption != null && encryption != ServerSideEncryption.AES256);
        return opaque ? null : Evidence.contentMd5Hex(ListedObject.unquote(eTag));
    }

    /** Compares the MD5 of what was sent with the MD5 the destination's ETag stands for, when it stands for one. */
    static void verifyStored(SourceStream sent, String stored, String what) {
        String md5 = sent.md5Hex();
        if (stored != null && !stored.equals(md5)) {
            throw new IntegrityMismatch(what + ": destination stored MD5 " + stored + ", sent " + md5);
        }
    }
}
