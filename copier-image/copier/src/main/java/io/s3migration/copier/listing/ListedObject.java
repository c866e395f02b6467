package io.s3migration.copier.listing;

/**
 * One object as a listing shows it. {@code key} is relative to the listed prefix, so that a source and a
 * destination listing with different prefixes line up key by key.
 */
public record ListedObject(String key, long size, String eTag, String storageClass, java.time.Instant lastModified) {

    /** The ETag without the quotes some servers put around it. */
    public static String unquote(String eTag) {
        if (eTag == null) {
            return null;
        }
        return eTag.length() >= 2 && eTag.startsWith("\"") && eTag.endsWith("\"")
                ? eTag.substring(1, eTag.length() - 1) : eTag;
    }
}
