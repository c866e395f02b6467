package io.s3migration.copier.transfer;

import io.s3migration.copier.client.NativeCrypto;
import io.s3migration.copier.errors.IntegrityMismatch;
import io.s3migration.copier.listing.ListedObject;
import io.s3migration.copier.plan.Evidence;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

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
        return eTagsAreMd5s(encryption, customerAlgorithm) ? Evidence.contentMd5Hex(ListedObject.unquote(eTag)) : null;
    }

    /** Whether objects stored with this encryption get MD5s for ETags: none, or SSE-S3 (AES256). */
    static boolean eTagsAreMd5s(ServerSideEncryption encryption, String customerAlgorithm) {
        return customerAlgorithm == null && (encryption == null || encryption == ServerSideEncryption.AES256);
    }

    /**
     * How many parts a multipart ETag ({@code md5-of-part-md5s-N}) says the object has, when it is one: 0 for a plain
     * ETag, anything else, and objects encrypted so that ETags are not MD5s (see {@link #md5Behind}).
     */
    static int partsBehind(String eTag, ServerSideEncryption encryption, String customerAlgorithm) {
        String unquoted = ListedObject.unquote(eTag);
        int dash = unquoted == null ? -1 : unquoted.indexOf('-');
        if (dash < 0 || md5Behind(unquoted.substring(0, dash), encryption, customerAlgorithm) == null) {
            return 0;
        }
        String count = unquoted.substring(dash + 1);
        if (count.isEmpty() || count.length() > 5 || !count.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return 0;
        }
        return Integer.parseInt(count);
    }

    /** The ETag S3 gives an object stored in parts with these MD5s (hex), in part order: the MD5 of the MD5s, "-", the count. */
    static String multipartETag(List<String> partMd5Hex) {
        MessageDigest md5 = NativeCrypto.md5();
        HexFormat hex = HexFormat.of();
        for (String part : partMd5Hex) {
            md5.update(hex.parseHex(part));
        }
        return hex.formatHex(md5.digest()) + "-" + partMd5Hex.size();
    }

    /** Compares the MD5 of what was sent with the MD5 the destination's ETag stands for, when it stands for one. */
    static void verifyStored(SourceStream sent, String stored, String what) {
        String md5 = sent.md5Hex();
        if (stored != null && !stored.equals(md5)) {
            throw new IntegrityMismatch(what + ": destination stored MD5 " + stored + ", sent " + md5);
        }
    }
}
