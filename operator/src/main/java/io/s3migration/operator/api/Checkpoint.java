package io.s3migration.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Where a resumed copy begins: every key up to and including {@code lastKey} is done. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Checkpoint(
        @JsonPropertyDescription("The last key done; a resumed run starts after it")
        String lastKey) {
}
