package io.s3migration.operator.reconcile;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;

import java.util.List;
import java.util.Optional;

/** A copier Job as the phase machine sees it. {@code failureMessage} is the Job controller's reason when it gave up. */
public record JobState(Kind kind, String failureReason, String failureMessage) {

    public enum Kind { ABSENT, WAITING, RUNNING, SUCCEEDED, FAILED }

    public static final JobState ABSENT = new JobState(Kind.ABSENT, null, null);

    /** Maps Job status (and whether its pod runs) to a state; the Job's own conditions win over counters. */
    public static JobState of(Optional<Job> maybeJob, boolean podRunning) {
        if (maybeJob.isEmpty()) {
            return ABSENT;
        }
        Job job = maybeJob.get();
        var status = job.getStatus();
        List<JobCondition> conditions = status == null || status.getConditions() == null ? List.of() : status.getConditions();
        Optional<JobCondition> failed = conditions.stream()
                .filter(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus())).findFirst();
        if (conditions.stream().anyMatch(c -> "Complete".equals(c.getType()) && "True".equals(c.getStatus()))
                || (status != null && status.getSucceeded() != null && status.getSucceeded() > 0)) {
            return new JobState(Kind.SUCCEEDED, null, null);
        }
        if (failed.isPresent()) {
            return new JobState(Kind.FAILED, failed.get().getReason(), failed.get().getMessage());
        }
        Integer backoffLimit = job.getSpec() == null ? null : job.getSpec().getBackoffLimit();
        if (status != null && status.getFailed() != null && backoffLimit != null && status.getFailed() > backoffLimit) {
            return new JobState(Kind.FAILED, "BackoffLimitExceeded", "the copier pod failed " + status.getFailed() + " times");
        }
        boolean ready = status != null && status.getReady() != null && status.getReady() > 0;
        return new JobState(podRunning || ready ? Kind.RUNNING : Kind.WAITING, null, null);
    }
}
