package io.s3migration.protocol;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One object that could not be copied, and the server's or copier's reason (never a credential). */
public record Failure(
        @JsonPropertyDescription("The object's key at the source")
        String key,
        @JsonPropertyDescription("Why it could not be copied: the server's error code and message, or the copier's")
        String error) {
}
