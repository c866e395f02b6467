package io.s3migration.copier.run;

import io.s3migration.copier.errors.SideFailure;
import io.s3migration.copier.side.Side;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.model.S3Exception;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What S3's answers say about archived objects, and what the copier tells the user about them. */
class ArchivedObjectsTest {

    @Test
    void onlyACompletedRestoreIsReadable() {
        assertTrue(ArchivedObjects.restored("ongoing-request=\"false\", expiry-date=\"Fri, 21 Dec 2012 00:00:00 GMT\""));
        assertTrue(ArchivedObjects.restored("ongoing-request=\"FALSE\""));
        assertFalse(ArchivedObjects.restored("ongoing-request=\"true\""), "a restore in progress");
        assertFalse(ArchivedObjects.restored(null), "never restored: no header");
        assertFalse(ArchivedObjects.restored(""));
    }

    @Test
    void messagesNameTheObjectAndWhatToDo() {
        assertEquals("Object in GLACIER, not restored: photos/a.jpg — restore it (aws s3api restore-object) or set onArchivedObject: skip",
                ArchivedObjects.notRestored("GLACIER", null, "photos/a.jpg"));
        assertEquals("Object in DEEP_ARCHIVE, restore still in progress: b — wait for the restore to complete or set onArchivedObject: skip",
                ArchivedObjects.notRestored("DEEP_ARCHIVE", "ongoing-request=\"true\"", "b"));
        assertEquals("Object in an Intelligent-Tiering archive tier (InvalidObjectState), not restored: c — restore it"
                + " (aws s3api restore-object) or set onArchivedObject: skip", ArchivedObjects.refused("INTELLIGENT_TIERING", "c"));
    }

    @Test
    void invalidObjectStateIsARefusalAsArchivedAccessDeniedIsNot() {
        assertTrue(ArchivedObjects.refusedAsArchived(new SideFailure(Side.SOURCE, error(403, "InvalidObjectState"))));
        assertFalse(ArchivedObjects.refusedAsArchived(new SideFailure(Side.SOURCE, error(403, "AccessDenied"))));
        assertFalse(ArchivedObjects.refusedAsArchived(new IllegalStateException("no S3 error")));
    }

    static S3Exception error(int status, String code) {
        return (S3Exception) S3Exception.builder().statusCode(status).message(code)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build()).build();
    }
}
