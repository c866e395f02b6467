package io.s3migration.protocol;

/**
 * The result of a verify run: how the destination compares with the source. {@code objectsChangedDuringPass}: source
 * objects that differ at the destination but were modified at or after the pass started (written while it ran): not
 * counted as missing or mismatched, a later pass copies them.
 */
public record Verification(long objectsMatched, long objectsMissing, long objectsMismatched, long bytesMatched,
                           long objectsChangedDuringPass) {

    public Verification(long objectsMatched, long objectsMissing, long objectsMismatched, long bytesMatched) {
        this(objectsMatched, objectsMissing, objectsMismatched, bytesMatched, 0);
    }

    /** Whether any object is missing or mismatched for a reason other than a write during the pass. */
    public boolean trueDifferences() {
        return objectsMissing + objectsMismatched > 0;
    }
}
