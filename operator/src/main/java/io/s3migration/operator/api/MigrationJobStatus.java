package io.s3migration.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;

import java.util.List;

/** What the operator observed; written only through the status subresource. Times are RFC 3339 strings. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MigrationJobStatus(
        Phase phase,
        List<Condition> conditions,
        Long observedGeneration,
        ProgressStatus progress,
        String jobName,
        String startTime,
        String completionTime,
        String message) {

    public static final MigrationJobStatus EMPTY = new MigrationJobStatus(null, List.of(), null, null, null, null, null, null);

    public MigrationJobStatus {
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
    }

    public MigrationJobStatus withPhase(Phase newPhase, String newMessage) {
        return new MigrationJobStatus(newPhase, conditions, observedGeneration, progress, jobName, startTime, completionTime, newMessage);
    }

    public MigrationJobStatus withConditions(List<Condition> newConditions) {
        return new MigrationJobStatus(phase, newConditions, observedGeneration, progress, jobName, startTime, completionTime, message);
    }

    public MigrationJobStatus withObservedGeneration(Long generation) {
        return new MigrationJobStatus(phase, conditions, generation, progress, jobName, startTime, completionTime, message);
    }

    public MigrationJobStatus withProgress(ProgressStatus newProgress) {
        return new MigrationJobStatus(phase, conditions, observedGeneration, newProgress, jobName, startTime, completionTime, message);
    }

    public MigrationJobStatus withJobName(String name) {
        return new MigrationJobStatus(phase, conditions, observedGeneration, progress, name, startTime, completionTime, message);
    }

    public MigrationJobStatus withStartTime(String time) {
        return new MigrationJobStatus(phase, conditions, observedGeneration, progress, jobName, time, completionTime, message);
    }

    public MigrationJobStatus withCompletionTime(String time) {
        return new MigrationJobStatus(phase, conditions, observedGeneration, progress, jobName, startTime, time, message);
    }
}
