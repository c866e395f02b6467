package io.s3migration.copier.plan;

import io.s3migration.copier.listing.ListedObject;

/** The rules for "this destination object is already a copy of that source object". Pure. */
public final class Evidence {
    /** Destination user-metadata entry where a multipart copy records the source's ETag. */
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
        if (isMultipartETag(destination.eTag())) {
            return new Decision.Confirm(source, destination);
        }
        return new Decision.Copy(source, "ETag differs");
    }

    /** The decision for a {@link Decision.Confirm} once the destination's recorded source ETag is known. */
    public static Decision confirm(Decision.Confirm pending, String recordedSourceETag) {
        if (recordedSourceETag != null && ListedObject.unquote(recordedSourceETag).equals(pending.source().eTag())) {
            return new Decision.Skip(pending.source());
        }
        return new Decision.Copy(pending.source(), "no evidence the multipart copy is current");
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
