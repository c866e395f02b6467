package io.s3migration.protocol;

import java.util.Locale;
import java.util.Set;

/**
 * What the copier does with an object that cannot be read before a restore: in an archive storage class and not
 * restored (a completed restore is copied), or in an Intelligent-Tiering archive tier (a GET answers
 * {@code InvalidObjectState}).
 */
public enum ArchivedObjectPolicy {
    /** Stop the run with "Object in GLACIER, not restored: KEY — restore it (...) or set onArchivedObject: skip". The default. */
    FAIL,
    /** Count it as skipped and go on. */
    SKIP;

    /** Storage classes whose objects must be restored before a GET (AWS; GLACIER_IR is readable): HEAD says whether they are. */
    public static final Set<String> ARCHIVE_CLASSES = Set.of("GLACIER", "DEEP_ARCHIVE");

    public static boolean isArchived(String storageClass) {
        return storageClass != null && ARCHIVE_CLASSES.contains(storageClass.toUpperCase(Locale.ROOT));
    }
}
