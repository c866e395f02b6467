package io.s3migration.copier.plan;

import io.s3migration.copier.listing.ListedObject;

/** The rules for "this destination object is already a copy of that source object". Pure. */
public final class Evidence {
    /** Destination user-metadata entry where a copy records the source's ETag when the two ETags cannot be equal. */
    public static final String SOURCE_ETAG_METADATA = "s3m-source-etag";

    private Evidence() {
    }

    /** The decision for one source object and the destination object with the same relative key (or null). */
    public static Decision decide(ListedObject source, ListedObject destination, boolean sizeOnly) {
        if (destination == null) {
            return new Decision.Copy(source, "missing");
        }
        if (destination.size() != source.size()) {
            return new Decision.Copy(source, "size differs");
        }
        if (sizeOnly) {
            return new Decision.Skip(source);
        }
        if (source.eTag() != null && source.eTag().equals(destination.eTag())) {
            return new Decision.Skip(source);
        }
        if (isMultipartETag(destination.eTag()) || copiedAfter(source, destination)) {
            return new Decision.Confirm(source, destination);
        }
        return new Decision.Copy(source, "ETag differs");
    }

    /**
     * Whether the destination object is newer than the source's, so it may be a copy of this very version whose
     * ETag cannot equal the source's: the source ETag is not an MD5 (uploaded in parts, or encrypted with SSE-KMS or
     * a customer key) and the copy went in one PUT. Such copies record the source ETag; one HEAD reads it. A source
     * changed after the copy is newer than the destination and is copied without that HEAD.
     */
    static boolean copiedAfter(ListedObject source, ListedObject destination) {
        return source.lastModified() != null && destination.lastModified() != null
                && !destination.lastModified().isBefore(source.lastModified());
    }

    /** The decision for a {@link Decision.Confirm} once the destination's recorded source ETag is known. */
    public static Decision confirm(Decision.Confirm pending, String recordedSourceETag) {
        if (recordedSourceETag != null && ListedObject.unquote(recordedSourceETag).equals(pending.source().eTag())) {
            return new Decision.Skip(pending.source());
        }
        return new Decision.Copy(pending.source(), "no evidence the copy is current");
    }

    /** Multipart ETags are {@code md5-of-part-md5s-N}; a plain ETag is the MD5 of the content (hex). */
    public static boolean isMultipartETag(String eTag) {
        return eTag != null && eTag.contains("-");
    }

    /** The content MD5 (hex) a plain ETag stands for, or null when it is not one (multipart, encrypted, odd). */
    public static String contentMd5Hex(String eTag) {
        if (eTag == null || eTag.length() != 32) {
            return null;
        }
        for (int i = 0; i < 32; i++) {
            if (Character.digit(eTag.charAt(i), 16) < 0) {
                return null;
            }
        }
        return eTag.toLowerCase(java.util.Locale.ROOT);
    }
}
