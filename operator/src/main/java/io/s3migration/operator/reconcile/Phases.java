package io.s3migration.operator.reconcile;

import io.fabric8.kubernetes.api.model.Condition;
import io.s3migration.operator.api.MigrationJobStatus;
import io.s3migration.operator.api.Phase;
import io.s3migration.operator.api.ProgressStatus;
import io.s3migration.operator.api.Quantities;
import io.s3migration.operator.progress.CopierPodReport;
import io.s3migration.operator.resources.TenantCredentials;
import io.s3migration.protocol.Progress;
import io.s3migration.protocol.Summary;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The phase machine, pure: what was observed in, the next status and what to do out. The reconciler only
 * gathers the observation and carries the decision out, so every transition is unit-testable.
 */
public final class Phases {

    /** Everything the decision depends on. {@code jobName} is the copier Job this MigrationJob owns (or will). */
    public record Observation(long generation, MigrationJobStatus current, TenantCredentials.Result credentials,
                              String jobName, JobState job, CopierPodReport pod, Instant now) {
    }

    /** A Kubernetes Event to emit. */
    public record Event(boolean warning, String reason, String message) {
    }

    /**
     * The next status; whether to (re)apply the owned resources (Secret, NetworkPolicy, ServiceAccount, and the
     * Job if absent); whether to delete the operator's credentials copy; the Event of this transition, if any.
     */
    public record Decision(MigrationJobStatus status, boolean applyResources, boolean deleteCredentials, Optional<Event> event) {
        public boolean terminal() {
            return status.phase() != null && status.phase().isTerminal();
        }
    }

    /** How a status reads to kstatus-aware tools. */
    private enum Health { PROGRESSING, STALLED, SUCCEEDED, FAILED }

    public static final String JOB_CREATED = "JobCreated";
    public static final String JOB_PENDING = "JobPending";
    public static final String COPYING = "Copying";
    public static final String SUCCEEDED = "Succeeded";
    public static final String JOB_FAILED = "JobFailed";
    public static final String JOB_DELETED = "JobDeleted";

    private Phases() {
    }

    public static Decision decide(Observation o) {
        MigrationJobStatus current = o.current() == null ? MigrationJobStatus.EMPTY : o.current();
        if (current.phase() != null && current.phase().isTerminal()) {
            // Done for good: only make sure the credentials copy is gone (idempotent after a restart).
            return new Decision(current.withObservedGeneration(o.generation()), false, true, Optional.empty());
        }
        MigrationJobStatus base = current.withJobName(o.job().kind() == JobState.Kind.ABSENT ? current.jobName() : o.jobName());
        return switch (o.job().kind()) {
            case SUCCEEDED -> succeeded(o, base);
            case FAILED -> failed(o, base);
            case RUNNING -> running(o, base);
            case WAITING -> decision(o, current, enter(o, base, Phase.Pending, Health.PROGRESSING, JOB_PENDING,
                    "Job " + o.jobName() + " created; waiting for its copier pod to start on a migration node"),
                    o.credentials().ok(), false);
            case ABSENT -> absent(o, current);
        };
    }

    private static Decision absent(Observation o, MigrationJobStatus current) {
        if (current.jobName() != null) {
            // Never start a second copy on our own: a vanished Job is reported, the user decides.
            MigrationJobStatus failed = enter(o, current, Phase.Failed, Health.FAILED, JOB_DELETED,
                    "Job " + current.jobName() + " disappeared before it finished; delete and re-create the MigrationJob to run it again")
                    .withCompletionTime(o.now().toString());
            return decision(o, current, failed, false, true);
        }
        TenantCredentials.Result credentials = o.credentials();
        if (!credentials.ok()) {
            return decision(o, current, enter(o, current, Phase.Pending, Health.STALLED, credentials.reason(), credentials.message()),
                    false, false);
        }
        return decision(o, current, enter(o, current.withJobName(o.jobName()), Phase.Pending, Health.PROGRESSING, JOB_CREATED,
                "Creating Job " + o.jobName()), true, false);
    }

    private static Decision running(Observation o, MigrationJobStatus base) {
        Optional<Progress> progress = o.pod().progress();
        ProgressStatus shown = progress.map(ProgressStatus::of).orElse(base.progress());
        String message = shown == null
                ? "Copier pod " + o.pod().podName() + " is running"
                : "Copying: " + shown.objects() + " objects, " + shown.bytes();
        MigrationJobStatus next = enter(o, base, Phase.Running, Health.PROGRESSING, COPYING, message)
                .withProgress(shown)
                .withStartTime(base.startTime() != null ? base.startTime() : o.now().toString());
        return decision(o, base, next, o.credentials().ok(), false);
    }

    private static Decision succeeded(Observation o, MigrationJobStatus base) {
        Optional<Progress> progress = o.pod().progress();
        ProgressStatus shown = progress.map(ProgressStatus::of).orElse(base.progress());
        String message = progress
                .map(p -> "Done: " + p.objectsCopied() + " objects copied (" + Quantities.binary(p.bytesCopied()) + "), "
                        + p.objectsSkipped() + " already present, " + p.objectsFailed() + " failed")
                .orElse("Job " + o.jobName() + " completed (no summary found in the copier pod)");
        MigrationJobStatus next = enter(o, base, Phase.Succeeded, Health.SUCCEEDED, SUCCEEDED, message)
                .withProgress(shown)
                .withStartTime(base.startTime() != null ? base.startTime() : o.now().toString())
                .withCompletionTime(o.now().toString());
        return decision(o, base, next, false, true);
    }

    private static Decision failed(Observation o, MigrationJobStatus base) {
        Optional<Summary> summary = o.pod().summary();
        String reason = summary.map(Summary::reason).map(Enum::name)
                .orElse(o.job().failureReason() != null ? o.job().failureReason() : JOB_FAILED);
        String message = summary.map(Phases::failureMessage)
                .orElse("Job " + o.jobName() + " failed" + (o.job().failureMessage() != null ? ": " + o.job().failureMessage() : "")
                        + "; see kubectl logs job/" + o.jobName());
        ProgressStatus shown = o.pod().progress().map(ProgressStatus::of).orElse(base.progress());
        MigrationJobStatus next = enter(o, base, Phase.Failed, Health.FAILED, reason, message)
                .withProgress(shown)
                .withStartTime(base.startTime() != null ? base.startTime() : o.now().toString())
                .withCompletionTime(o.now().toString());
        return decision(o, base, next, false, true);
    }

    /** The copier's own words, then what to do (its error table's hint) when the words do not already say it. */
    static String failureMessage(Summary summary) {
        String message = summary.message() == null || summary.message().isBlank() ? "the copier failed" : summary.message();
        if (summary.reason() != null && !message.contains(summary.reason().hint())) {
            message = message + " (" + summary.reason().hint() + ")";
        }
        return message;
    }

    private static MigrationJobStatus enter(Observation o, MigrationJobStatus s, Phase phase, Health health, String reason, String message) {
        Long gen = o.generation();
        String now = o.now().toString();
        List<Condition> c = s.conditions();
        c = Conditions.put(c, Conditions.READY, health == Health.SUCCEEDED, reason, message, gen, now);
        c = Conditions.put(c, Conditions.RECONCILING, health == Health.PROGRESSING, reason, message, gen, now);
        c = Conditions.put(c, Conditions.STALLED, health == Health.STALLED || health == Health.FAILED, reason, message, gen, now);
        if (health == Health.SUCCEEDED) {
            c = Conditions.put(c, Conditions.COMPLETE, true, reason, message, gen, now);
        }
        if (health == Health.FAILED) {
            c = Conditions.put(c, Conditions.FAILED, true, reason, message, gen, now);
        }
        return s.withPhase(phase, message).withConditions(c).withObservedGeneration(gen);
    }

    /** Adds the Event for this step when the phase or its reason changed. */
    private static Decision decision(Observation o, MigrationJobStatus before, MigrationJobStatus after, boolean apply, boolean deleteCredentials) {
        String beforeReason = Conditions.find(before.conditions(), Conditions.READY).map(Condition::getReason).orElse(null);
        String afterReason = Conditions.find(after.conditions(), Conditions.READY).map(Condition::getReason).orElse(null);
        Optional<Event> event = Optional.empty();
        if (before.phase() != after.phase() || !java.util.Objects.equals(beforeReason, afterReason)) {
            boolean warning = after.phase() == Phase.Failed
                    || Conditions.find(after.conditions(), Conditions.STALLED).map(c -> "True".equals(c.getStatus())).orElse(false);
            event = Optional.of(new Event(warning, afterReason, after.message()));
        }
        return new Decision(after, apply, deleteCredentials, event);
    }
}
