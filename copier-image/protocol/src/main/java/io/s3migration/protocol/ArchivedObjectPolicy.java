package io.s3migration.protocol;

import java.util.Locale;
import java.util.Set;

/** What the copier does with an object in an archive storage class (it cannot be read before a restore). */
public enum ArchivedObjectPolicy {
    /** Stop the run with "Object in GLACIER, restore first: KEY". The default. */
    FAIL,
    /** Count it as skipped and go on. */
    SKIP;

    /** Storage classes whose objects must be restored before a GET (AWS; GLACIER_IR is readable). */
    public static final Set<String> ARCHIVE_CLASSES = Set.of("GLACIER", "DEEP_ARCHIVE");

    public static boolean isArchived(String storageClass) {
        return storageClass != null && ARCHIVE_CLASSES.contains(storageClass.toUpperCase(Locale.ROOT));
    }
}
