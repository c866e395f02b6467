package io.s3migration.operator.reconcile;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;

import java.util.List;
import java.util.Optional;

/** A copier Job as the phase machine sees it. {@code failureMessage} is the Job controller's reason when it gave up. */
public record JobState(Kind kind, String failureReason, String failureMessage) {

    public enum Kind { ABSENT, WAITING, RUNNING, SUCCEEDED, FAILED }

    public static final JobState ABSENT = new JobState(Kind.ABSENT, null, null);

    /**
     * Maps Job status (and the phase of its newest pod, null without one) to a state; the Job's own conditions win
     * over counters.
     */
    public static JobState of(Optional<Job> maybeJob, String podPhase) {
        if (maybeJob.isEmpty()) {
            return ABSENT;
        }
        Job job = maybeJob.get();
        var status = job.getStatus();
        List<JobCondition> conditions = status == null || status.getConditions() == null ? List.of() : status.getConditions();
        Optional<JobCondition> failed = conditions.stream()
                .filter(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus())).findFirst();
        if (conditions.stream().anyMatch(c -> "Complete".equals(c.getType()) && "True".equals(c.getStatus()))
                || (status != null && status.getSucceeded() != null && status.getSucceeded() >= completions(job))) {
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
        // A pod that has exited before the Job controller counted it has run, not failed to start: still RUNNING
        // until the Job says how it ended (else "waiting for its copier pod to start" shows after every copy).
        boolean started = "Running".equals(podPhase) || "Succeeded".equals(podPhase) || "Failed".equals(podPhase);
        return new JobState(started || ready ? Kind.RUNNING : Kind.WAITING, null, null);
    }

    /**
     * How many pods must succeed: 1, or every index of an Indexed Job (parallelism > 1) — one index done while another
     * is retried is not the copy done (found on the real cluster: the pass went on to verify with a range half copied).
     */
    private static int completions(Job job) {
        Integer completions = job.getSpec() == null ? null : job.getSpec().getCompletions();
        return completions == null ? 1 : Math.max(1, completions);
    }
}
