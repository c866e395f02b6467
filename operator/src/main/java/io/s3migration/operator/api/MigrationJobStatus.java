package io.s3migration.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.s3migration.protocol.Failure;

import java.util.List;

/** What the operator observed; written only through the status subresource. Times are RFC 3339 strings. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MigrationJobStatus(
        Phase phase,
        List<Condition> conditions,
        Long observedGeneration,
        ProgressStatus progress,
        Checkpoint checkpoint,
        @JsonPropertyDescription("The first objects that could not be copied, with the reason")
        List<Failure> failures,
        @JsonPropertyDescription("The copier Job of the current step (pre-flight or copy)")
        String jobName,
        @JsonPropertyDescription("Copy runs started so far; resuming after a pause starts a new one")
        Integer attempt,
        String startTime,
        String completionTime,
        String message,
        @JsonPropertyDescription("The last lines of the copier's log when it failed")
        String logTail) {

    public static final MigrationJobStatus EMPTY = new Builder().build();

    public MigrationJobStatus {
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
        failures = failures == null || failures.isEmpty() ? null : List.copyOf(failures);
    }

    public int attempts() {
        return attempt == null ? 0 : attempt;
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.phase = phase;
        b.conditions = conditions;
        b.observedGeneration = observedGeneration;
        b.progress = progress;
        b.checkpoint = checkpoint;
        b.failures = failures;
        b.jobName = jobName;
        b.attempt = attempt;
        b.startTime = startTime;
        b.completionTime = completionTime;
        b.message = message;
        b.logTail = logTail;
        return b;
    }

    public MigrationJobStatus withPhase(Phase newPhase, String newMessage) {
        return toBuilder().phase(newPhase).message(newMessage).build();
    }

    public MigrationJobStatus withConditions(List<Condition> newConditions) {
        return toBuilder().conditions(newConditions).build();
    }

    public MigrationJobStatus withObservedGeneration(Long generation) {
        return toBuilder().observedGeneration(generation).build();
    }

    public MigrationJobStatus withProgress(ProgressStatus newProgress) {
        return toBuilder().progress(newProgress).build();
    }

    public MigrationJobStatus withJobName(String name) {
        return toBuilder().jobName(name).build();
    }

    public MigrationJobStatus withStartTime(String time) {
        return toBuilder().startTime(time).build();
    }

    public MigrationJobStatus withCompletionTime(String time) {
        return toBuilder().completionTime(time).build();
    }

    /** Fluent copy-and-change; the record stays immutable. */
    public static final class Builder {
        private Phase phase;
        private List<Condition> conditions;
        private Long observedGeneration;
        private ProgressStatus progress;
        private Checkpoint checkpoint;
        private List<Failure> failures;
        private String jobName;
        private Integer attempt;
        private String startTime;
        private String completionTime;
        private String message;
        private String logTail;

        public Builder phase(Phase v) { phase = v; return this; }
        public Builder conditions(List<Condition> v) { conditions = v; return this; }
        public Builder observedGeneration(Long v) { observedGeneration = v; return this; }
        public Builder progress(ProgressStatus v) { progress = v; return this; }
        public Builder checkpoint(Checkpoint v) { checkpoint = v; return this; }
        public Builder failures(List<Failure> v) { failures = v; return this; }
        public Builder jobName(String v) { jobName = v; return this; }
        public Builder attempt(Integer v) { attempt = v; return this; }
        public Builder startTime(String v) { startTime = v; return this; }
        public Builder completionTime(String v) { completionTime = v; return this; }
        public Builder message(String v) { message = v; return this; }
        public Builder logTail(String v) { logTail = v; return this; }

        public MigrationJobStatus build() {
            return new MigrationJobStatus(phase, conditions, observedGeneration, progress, checkpoint, failures, jobName,
                    attempt, startTime, completionTime, message, logTail);
        }
    }
}
