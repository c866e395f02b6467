package io.s3migration.copier.run;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Objects that cannot be read before a restore: listed in an archive storage class (GLACIER, DEEP_ARCHIVE), or in an
 * Intelligent-Tiering archive tier, which a listing does not show and a GET answers with {@code InvalidObjectState}.
 * Pure: what the answers of S3 say and what a run tells the user.
 */
final class ArchivedObjects {
    /** {@code x-amz-restore: ongoing-request="false", expiry-date="..."}: a restored copy can be read until it expires. */
    private static final Pattern ONGOING = Pattern.compile("ongoing-request\\s*=\\s*\"?(true|false)\"?", Pattern.CASE_INSENSITIVE);
    static final String INVALID_OBJECT_STATE = "InvalidObjectState";

    private ArchivedObjects() {
    }

    /** Whether an object's {@code x-amz-restore} header (null: never restored) says its restore is complete. */
    static boolean restored(String restoreHeader) {
        if (restoreHeader == null) {
            return false;
        }
        Matcher m = ONGOING.matcher(restoreHeader);
        return m.find() && m.group(1).toLowerCase(Locale.ROOT).equals("false");
    }

    /** Whether S3 refused a read because the object sits in an archive tier ({@code InvalidObjectState}, HTTP 403). */
    static boolean refusedAsArchived(Throwable error) {
        for (Throwable c = error; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof AwsServiceException s && s.awsErrorDetails() != null
                    && INVALID_OBJECT_STATE.equals(s.awsErrorDetails().errorCode())) {
                return true;
            }
        }
        return false;
    }

    /** Why an object listed in an archive storage class is not copied, and what to do. */
    static String notRestored(String storageClass, String restoreHeader, String key) {
        boolean ongoing = restoreHeader != null && ONGOING.matcher(restoreHeader).find();
        return "Object in " + storageClass.toUpperCase(Locale.ROOT) + (ongoing ? ", restore still in progress: " : ", not restored: ")
                + key + " — " + (ongoing ? "wait for the restore to complete" : "restore it (aws s3api restore-object)")
                + " or set onArchivedObject: skip";
    }

    /** Why an object S3 refused to read as archived ({@code InvalidObjectState}) is not copied, and what to do. */
    static String refused(String storageClass, String key) {
        String where = storageClass == null || storageClass.equalsIgnoreCase("INTELLIGENT_TIERING")
                ? "an Intelligent-Tiering archive tier" : storageClass.toUpperCase(Locale.ROOT);
        return "Object in " + where + " (" + INVALID_OBJECT_STATE + "), not restored: " + key
                + " — restore it (aws s3api restore-object) or set onArchivedObject: skip";
    }
}
