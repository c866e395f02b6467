package io.s3migration.operator.observe;

import io.s3migration.operator.api.MigrationJobStatus;

/**
 * The most one pass of a MigrationJob has been seen to copy, pure: what the operator-wide counters have counted of it.
 * The copier's counts are cumulative over the pass, but a resumed run (pause, a copy pod the Job controller started
 * again) counts on from the checkpoint, which lies behind what the stopped run had reached: the keys between the two
 * are copied again and would be counted again. Only growth past the mark counts; a new pass starts a new mark.
 */
record CopiedHighWater(int pass, long bytes, long objects) {

    static CopiedHighWater of(MigrationJobStatus status) {
        return new CopiedHighWater(status.passes(), bytes(status), objects(status));
    }

    /** The mark after {@code status}: raised within the same pass, that pass's own counts for a new one. */
    CopiedHighWater after(MigrationJobStatus status) {
        if (status.passes() != pass) {
            return of(status);
        }
        return new CopiedHighWater(pass, Math.max(bytes, bytes(status)), Math.max(objects, objects(status)));
    }

    /** Bytes this mark counts beyond {@code earlier} (all of them when it belongs to a later pass). */
    long bytesBeyond(CopiedHighWater earlier) {
        return earlier.pass == pass ? bytes - earlier.bytes : bytes;
    }

    long objectsBeyond(CopiedHighWater earlier) {
        return earlier.pass == pass ? objects - earlier.objects : objects;
    }

    private static long bytes(MigrationJobStatus status) {
        return status.progress() == null ? 0 : status.progress().bytesCopied();
    }

    private static long objects(MigrationJobStatus status) {
        return status.progress() == null ? 0 : status.progress().objectsCopied();
    }
}
