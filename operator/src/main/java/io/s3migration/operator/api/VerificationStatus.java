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
        long bytesMatched) {

    public static VerificationStatus of(Verification v, String checkedAt) {
        return new VerificationStatus(checkedAt, v.objectsMatched(), v.objectsMissing(), v.objectsMismatched(), v.bytesMatched());
    }

    /** Whether every source object matched. */
    public boolean consistent() {
        return objectsMissing == 0 && objectsMismatched == 0;
    }
}
