package io.s3migration.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;

/** What to copy where. Both sides name a Secret in the MigrationJob's own namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MigrationJobSpec(
        @Required BucketSpec source,
        @Required BucketSpec destination,
        Options options) {

    public MigrationJobSpec {
        options = options == null ? Options.DEFAULTS : options;
    }
}
