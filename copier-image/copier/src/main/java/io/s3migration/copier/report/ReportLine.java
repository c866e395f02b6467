package io.s3migration.copier.report;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The lines of a run's JSON Lines report ({@link RunReport}) besides the last, which is the run's {@code summary}: one
 * {@code run} line first, then one {@code object} line per key that failed or differs. The format is for users and
 * their tools ({@code jq 'select(.type=="object")'}); copier-image/README.md documents it.
 */
public final class ReportLine {
    private ReportLine() {
    }

    /** What the report is about: the migration, pass and mode, the two sides, when the run started. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Run(String type, String migration, int pass, String mode, String source, String destination,
                      String started, String passStarted) {
        public static final String TYPE = "run";
    }

    /** One key and why it is in the report. */
    public record ObjectLine(String type, String key, Outcome outcome, String detail) {
        public static final String TYPE = "object";

        public ObjectLine(String key, Outcome outcome, String detail) {
            this(TYPE, key, outcome, detail);
        }
    }

    /** Why a key is in the report. */
    public enum Outcome {
        /** copy: the object could not be copied after its retries. */
        failed,
        /** verify: absent at the destination. */
        missing,
        /** verify: at the destination with another size or checksum (or it could not be checked). */
        mismatched,
        /**
         * verify: differs at the destination, but the source object was modified at or after the pass started (written
         * while the pass ran): the next pass copies it; not a true difference.
         */
        changedDuringPass
    }
}
