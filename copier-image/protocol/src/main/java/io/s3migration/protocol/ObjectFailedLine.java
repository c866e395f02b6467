package io.s3migration.protocol;

/**
 * Printed when the copier gives up on one object (after its retries), so that a run stopped before its summary
 * (a pause deletes the pod) still names what failed: the operator collects these from the log tail.
 */
public record ObjectFailedLine(String type, String msg, Failure failure) {
    public static final String TYPE = "objectFailed";

    public ObjectFailedLine {
        type = TYPE;
    }

    public ObjectFailedLine(Failure failure) {
        this(TYPE, "failed to copy '" + failure.key() + "': " + failure.error(), failure);
    }
}
