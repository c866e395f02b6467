package io.s3migration.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.s3migration.protocol.Verification;

/** The last post-copy verification: how the destination compared with the source ({@code status.verification}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VerificationStatus(
        @JsonPropertyDescription("When the verify run ended (RFC 3339)")
        String checkedAt,
        @JsonPropertyDescription("Source objects found at the destination with matching size and checksum evidence")
        long objectsMatched,
        @JsonPropertyDescription("Source objects absent at the destination")
        long objectsMissing,
        @JsonPropertyDescription("Source objects present at the destination with another size or checksum")
        long objectsMismatched,
        @JsonPropertyDescription("Bytes of the matched objects")
        long bytesMatched,
        @JsonPropertyDescription("Source objects that differ at the destination but were written to the source after the"
                + " pass started (source LastModified at or after status.passStartTime): not counted as missing or"
                + " mismatched; stop writes and run another pass to copy them")
        long objectsChangedDuringPass) {

    public VerificationStatus(String checkedAt, long objectsMatched, long objectsMissing, long objectsMismatched, long bytesMatched) {
        this(checkedAt, objectsMatched, objectsMissing, objectsMismatched, bytesMatched, 0);
    }

    public static VerificationStatus of(Verification v, String checkedAt) {
        return new VerificationStatus(checkedAt, v.objectsMatched(), v.objectsMissing(), v.objectsMismatched(), v.bytesMatched(),
                v.objectsChangedDuringPass());
    }

    /** Whether every source object matched. */
    public boolean consistent() {
        return !trueDifferences() && objectsChangedDuringPass == 0;
    }

    /** Whether objects are missing or mismatched that were not written during the pass. */
    public boolean trueDifferences() {
        return objectsMissing > 0 || objectsMismatched > 0;
    }
}
