package io.s3migration.operator.reconcile;

import io.s3migration.operator.reconcile.Decision.Event;
import io.s3migration.operator.reconcile.Decision.JobToCreate;
import io.s3migration.operator.reconcile.Observation.Switches;
import io.s3migration.operator.api.Checkpoint;
import io.s3migration.operator.api.MigrationJobStatus;
import io.s3migration.operator.api.Phase;
import io.s3migration.operator.api.ProgressStatus;
import io.s3migration.operator.api.Quantities;
import io.s3migration.operator.api.StatusReason;
import io.s3migration.operator.policy.Refusal;
import io.s3migration.operator.resources.CopierJob;
import io.s3migration.protocol.Mode;
import io.s3migration.protocol.CheckpointCounts;
import io.s3migration.protocol.Progress;

import io.s3migration.operator.schedule.Cron;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Objects;
import java.util.List;
import java.util.Optional;

/**
 * The phase machine, pure: what was observed in, the next status and what to do out. The reconciler only
 * gathers the observation and carries the decision out, so every transition is unit-testable.
 *
 * <pre>
 * Pending ─► Queued ─► Preflight ─► Running ─► Verifying ─► Succeeded (Consistent=True)
 *    │          │          │  preflightOnly ─────► Succeeded   │    └─► Failed or Succeeded with Consistent=False ({@link VerifyingPhase})
 *    │          │          │           verification: None ─────┴──► Succeeded
 *    └──────────┴──► Paused ◄──────┘  (suspend; resume → Queued/Preflight/Running)
 * any non-terminal ─► Cancelled (cancel) · Failed (policy, pre-flight, copy, verify run, vanished Job)
 * Succeeded | Failed ─► Pending, pass + 1: a new spec.trigger.manual (PassTriggered), or the spec.trigger.schedule time
 *                      after the last pass ended has come (PassScheduled; status.nextSyncTime, {@link ScheduledPass})
 * </pre>
 */
public final class Phases {

    private Phases() {
    }

    /**
     * Whether this pass reads the copier pod's log (an API call each time): while the copier runs, after it failed,
     * and one last time when a cancel or pause is about to delete or stop it, so the status keeps the counts the copier
     * reached rather than those of the previous poll.
     */
    public static boolean readsLog(Phase phase, Switches switches, JobState.Kind job) {
        boolean stopping = phase != null && phase.isActive() && (switches.cancel() || switches.suspend());
        return job == JobState.Kind.RUNNING || job == JobState.Kind.FAILED || stopping;
    }

    /** spec.parallelism > 1: the pre-flight pod's log holds the plan's key ranges once it succeeded. */
    public static boolean readsPlan(Phase phase, int parallelism, JobState.Kind job) {
        return phase == Phase.Preflight && parallelism > 1 && job == JobState.Kind.SUCCEEDED;
    }

    public static Decision decide(Observation o) {
        Decision d = step(o);
        // status.nextSyncTime: when a finished MigrationJob's schedule runs its next pass; none while a pass runs.
        String schedule = o.switches().cancel() ? null : o.switches().schedule();
        String next = d.terminal() ? ScheduledPass.due(schedule, d.status(), o.now()).map(Instant::toString).orElse(null) : null;
        return Objects.equals(next, d.status().nextSyncTime()) ? d : d.withStatus(d.status().toBuilder().nextSyncTime(next).build());
    }

    private static Decision step(Observation o) {
        MigrationJobStatus current = o.current() == null ? MigrationJobStatus.EMPTY : o.current();
        Step step = new Step(o, current);
        if (current.phase() != null && current.phase().isTerminal()) {
            return Passes.finished(step);
        }
        if (o.switches().cancel()) {
            return cancel(step);
        }
        Phase phase = current.phase() == null ? Phase.Pending : current.phase();
        return switch (phase) {
            case Pending, Queued -> admit(step);
            case Preflight -> preflight(step);
            case Running -> running(step);
            case Verifying -> VerifyingPhase.decide(step);
            case Paused -> paused(step);
            default -> throw new IllegalStateException("unhandled phase " + phase);
        };
    }

    /** Not started (or waiting to resume): refusals, pause, Secrets, quota, then pre-flight or copy. */
    private static Decision admit(Step s) {
        Observation o = s.o;
        if (o.refusal().isPresent()) {
            Refusal refusal = o.refusal().get();
            return refusal.mayPassLater()
                    ? s.enter(Phase.Pending, Health.STALLED, refusal.reason(), refusal.message()).decision()
                    : s.refuse(refusal.reason(), refusal.message());
        }
        if (s.current.pass() == null && o.switches().schedule() != null && Cron.problem(o.switches().schedule()).isPresent()) {
            return s.refuse(StatusReason.InvalidSchedule, "spec.trigger.schedule is not a valid cron expression: "
                    + Cron.problem(o.switches().schedule()).get() + "; " + Cron.CEL_MESSAGE);
        }
        if (o.switches().suspend()) {
            return s.pause("Paused before the copy started (spec.suspend: true); set it to false to continue");
        }
        if (!o.credentials().ok()) {
            if (s.current.passes() > 1) {
                // A later pass after DeleteWhenDone purged the Secrets at the previous end: waits as a resume does.
                return s.enter(Phase.Pending, Health.STALLED, StatusReason.WaitingForSecret, "Pass " + s.current.passes()
                        + " is waiting for the credentials: " + o.credentials().message()).decision();
            }
            return s.enter(Phase.Pending, Health.STALLED, o.credentials().reason(), o.credentials().message()).decision();
        }
        if (!o.admission().allowed()) {
            return s.enter(Phase.Queued, Health.WAITING, StatusReason.QuotaExceeded, o.admission().message()).decision();
        }
        if (preflightPassed(s.current)) {
            return startCopy(s);
        }
        String job = CopierJob.preflightName(o.name(), s.current.passes());
        MigrationJobStatus.Builder next = s.current.toBuilder().jobName(job)
                .startTime(s.current.startTime() != null ? s.current.startTime() : o.now().toString())
                .passStartTime(s.current.passStartTime() != null ? s.current.passStartTime() : o.now().toString());
        if (s.current.pass() == null) {
            // The first pass starts: the trigger value it runs for (set before it started, or none).
            next.pass(1).lastManualTrigger(o.switches().manualTrigger());
        }
        s.next = next.build();
        s.create = Optional.of(new JobToCreate(job, Mode.PREFLIGHT, null, CheckpointCounts.NONE));
        s.apply = true;
        return s.enter(Phase.Preflight, Health.PROGRESSING, StatusReason.PreflightRunning,
                "Pre-flight check (Job " + job + "): listing the source and writing a probe object at the destination").decision();
    }

    private static Decision preflight(Step s) {
        Observation o = s.o;
        return switch (o.job().kind()) {
            case ABSENT -> vanished(s);
            case WAITING, RUNNING -> {
                s.apply = o.credentials().ok();
                yield s.enter(Phase.Preflight, Health.PROGRESSING, StatusReason.PreflightRunning, s.current.message()).decision();
            }
            case FAILED -> {
                String reason = o.failureReason();
                String message = "Pre-flight check failed: " + o.failureMessage();
                s.conditions(Conditions.put(s.next.conditions(), Conditions.PREFLIGHT_PASSED, false, reason, message, o.generation(), o.now().toString()));
                s.next = s.next.toBuilder().logTail(o.pod().statusLogTail()).build();
                yield s.end(Phase.Failed, Health.FAILED, reason, message);
            }
            case SUCCEEDED -> {
                String message = "Pre-flight check passed: the source can be listed and read and the destination written";
                s.conditions(Conditions.put(s.next.conditions(), Conditions.PREFLIGHT_PASSED, true, StatusReason.PreflightPassed.name(), message, o.generation(), o.now().toString()));
                s.events.add(new Event(false, StatusReason.PreflightPassed, message));
                if (o.switches().preflightOnly()) {
                    yield s.end(Phase.Succeeded, Health.SUCCEEDED, StatusReason.PreflightOnly, message + " (preflightOnly: nothing copied)");
                }
                if (o.parallelism() > 1) {
                    // The same pod planned after its checks: this pass's key ranges, before a pause could intervene.
                    Shards.Plan plan = Shards.fromPlan(o.pod().ranges(), o.parallelism());
                    if (!plan.ok()) {
                        s.next = s.next.toBuilder().logTail(o.pod().statusLogTail()).build();
                        yield s.end(Phase.Failed, Health.FAILED, StatusReason.PlanFailed, "Planning " + o.parallelism()
                                + " key ranges failed: " + plan.problem() + "; see kubectl logs of pod " + o.pod().podName());
                    }
                    s.next = s.next.toBuilder().shards(plan.shards()).build();
                }
                if (o.switches().suspend()) {
                    yield s.pause("Paused after the pre-flight check (spec.suspend: true); set it to false to start copying");
                }
                if (!o.credentials().ok()) {
                    yield s.enter(Phase.Pending, Health.STALLED, o.credentials().reason(), o.credentials().message()).decision();
                }
                yield startCopy(s);
            }
        };
    }

    private static Decision running(Step s) {
        Observation o = s.o;
        if (s.sharded()) {
            // Every branch below keeps each shard's newest checkpoint and counts; progress is their sum.
            s.next = s.next.toBuilder().shards(s.shardsNow()).build();
        }
        if (o.switches().suspend() && o.job().kind() != JobState.Kind.SUCCEEDED && o.job().kind() != JobState.Kind.FAILED) {
            Checkpoint checkpoint = s.checkpointNow();
            s.next = s.next.toBuilder().progress(s.progressNow().map(ProgressStatus::finished).orElse(null))
                    .checkpoint(checkpoint).failures(s.failuresUpTo(checkpoint)).build();
            if (o.job().kind() != JobState.Kind.ABSENT) {
                s.suspendJob = Optional.of(s.current.jobName());
            }
            return s.pause("Paused (spec.suspend: true): the copier pod was stopped; " + resumeHint(s.next));
        }
        return switch (o.job().kind()) {
            case ABSENT -> vanished(s);
            case WAITING -> {
                s.apply = o.credentials().ok();
                yield s.enter(Phase.Running, Health.PROGRESSING, StatusReason.JobPending,
                        "Job " + s.current.jobName() + " created; waiting for its copier pod to start on a migration node").decision();
            }
            case RUNNING -> {
                s.apply = o.credentials().ok();
                Optional<ProgressStatus> shown = s.progressNow();
                s.next = s.next.toBuilder().progress(shown.orElse(null)).checkpoint(s.checkpointNow()).failures(s.failuresNow()).build();
                String message = shown.map(p -> "Copying: " + p.objects() + " objects, " + p.bytes()
                        + (p.eta() == null ? "" : ", " + p.eta() + " left")).orElse("Copier pod " + o.pod().podName() + " is running");
                yield s.enter(Phase.Running, Health.PROGRESSING, StatusReason.Copying, message).decision();
            }
            case SUCCEEDED -> {
                Optional<Progress> p = o.pod().progress();
                s.next = s.next.toBuilder().progress(s.progressNow().map(ProgressStatus::finished).orElse(null))
                        .checkpoint(s.checkpointNow()).failures(s.failuresNow()).build();
                String message = p.map(x -> "Done: " + x.objectsCopied() + " objects copied (" + Quantities.binary(x.bytesCopied())
                                + "), " + x.objectsSkipped() + " already present, " + x.objectsFailed() + " failed")
                        .orElse("Job " + s.current.jobName() + " completed (no summary found in the copier pod)");
                yield o.switches().verifyAfterCopy() ? VerifyingPhase.start(s, message)
                        : s.end(Phase.Succeeded, Health.SUCCEEDED, StatusReason.Succeeded, message);
            }
            case FAILED -> {
                s.next = s.next.toBuilder().progress(s.progressNow().map(ProgressStatus::finished).orElse(null))
                        .checkpoint(s.checkpointNow()).failures(s.failuresNow()).logTail(o.pod().statusLogTail()).build();
                yield s.end(Phase.Failed, Health.FAILED, o.failureReason(), o.failureMessage());
            }
        };
    }

    private static Decision paused(Step s) {
        Observation o = s.o;
        if (o.switches().suspend()) {
            return s.enter(Phase.Paused, Health.STOPPED, StatusReason.Paused, s.current.message()).decision();
        }
        if (!o.credentials().ok()) {
            return s.enter(Phase.Paused, Health.STALLED, StatusReason.WaitingForSecret,
                    "Resume is waiting for the credentials: " + o.credentials().message()).decision();
        }
        if (o.refusal().isPresent()) {
            return s.enter(Phase.Paused, Health.STALLED, o.refusal().get().reason(),
                    "Resume is waiting: " + o.refusal().get().message()).decision();
        }
        Decision next = admit(s);
        if (next.status().phase() == Phase.Running || next.status().phase() == Phase.Preflight) {
            List<Event> events = new ArrayList<>(next.events());
            events.add(0, new Event(false, StatusReason.Resumed, "Resumed" + (s.current.checkpoint() == null ? ""
                    : " after key " + s.current.checkpoint().lastKey())));
            return new Decision(next.status(), next.applyResources(), next.create(), next.deleteJobs(), next.suspendJob(),
                    next.deleteCredentials(), next.deleteTenantSecrets(), events);
        }
        return next;
    }

    /** A new copy run: attempt + 1, from the checkpoint; the previous (suspended) copy Job goes. */
    private static Decision startCopy(Step s) {
        Observation o = s.o;
        int attempt = s.current.attempts() + 1;
        String job = CopierJob.copyName(o.name(), attempt);
        String checkpoint = s.current.checkpoint() == null ? null : s.current.checkpoint().lastKey();
        if (s.current.attempts() > 0 && CopierJob.copyName(o.name(), s.current.attempts()).equals(s.current.jobName())) {
            s.deleteJobs.add(s.current.jobName());
        }
        s.next = s.next.toBuilder().jobName(job).attempt(attempt).logTail(null)
                .startTime(s.current.startTime() != null ? s.current.startTime() : o.now().toString()).build();
        // The counts up to the checkpoint go to the next run, so progress stays the whole migration's. A checkpoint
        // written without them (older operator) hands on the progress counts, which may count a few keys twice.
        CheckpointCounts counts = checkpoint == null ? CheckpointCounts.NONE : s.current.checkpoint().counts()
                .orElseGet(() -> s.current.progress() == null ? CheckpointCounts.NONE : s.current.progress().checkpointCounts());
        s.create = Optional.of(new JobToCreate(job, Mode.COPY, checkpoint, counts));
        s.apply = true;
        String message = "Copy started (Job " + job + (checkpoint == null ? "" : ", resuming after key " + checkpoint) + ")";
        s.events.add(new Event(false, StatusReason.Started, message));
        return s.enter(Phase.Running, Health.PROGRESSING, StatusReason.Started, message).decision();
    }

    private static Decision cancel(Step s) {
        if (s.current.jobName() != null) {
            s.deleteJobs.add(s.current.jobName());
        }
        if (s.current.phase() == Phase.Running) {
            // This pass read the copier's log before its Job goes: the counts it reached, not the last poll's.
            Checkpoint checkpoint = s.checkpointNow();
            s.next = s.next.toBuilder().progress(s.progressNow().map(ProgressStatus::finished).orElse(null))
                    .checkpoint(checkpoint).failures(s.failuresNow()).build();
        } else {
            s.next = s.next.toBuilder().progress(s.current.progress() == null ? null : s.current.progress().finished()).build();
        }
        return s.end(Phase.Cancelled, Health.STOPPED, StatusReason.Cancelled,
                "Cancelled (spec.cancel: true): the copier was stopped; objects already copied stay at the destination");
    }

    static Decision vanished(Step s) {
        // Never start a replacement on our own: a vanished Job is reported, the user decides.
        return s.end(Phase.Failed, Health.FAILED, StatusReason.JobDeleted, "Job " + s.current.jobName()
                + " disappeared before it finished; delete and re-create the MigrationJob to run it again");
    }

    private static boolean preflightPassed(MigrationJobStatus status) {
        return Conditions.find(status.conditions(), Conditions.PREFLIGHT_PASSED).map(c -> "True".equals(c.getStatus())).orElse(false);
    }

    private static String resumeHint(MigrationJobStatus status) {
        return status.checkpoint() == null ? "set spec.suspend to false to resume"
                : "set spec.suspend to false to resume after key " + status.checkpoint().lastKey();
    }
}
