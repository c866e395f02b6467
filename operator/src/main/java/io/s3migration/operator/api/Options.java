package io.s3migration.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** How the copier runs. Unset values take the copier's defaults. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Options(
        @Min(1)
        @Max(1024)
        @JsonPropertyDescription("Parallel object transfers (1-1024, default 16)")
        Integer concurrency) {

    public static final Options DEFAULTS = new Options(null);
}
