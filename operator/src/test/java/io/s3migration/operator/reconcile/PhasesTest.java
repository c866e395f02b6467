package io.s3migration.operator.reconcile;

import io.s3migration.operator.policy.Refusal;
import io.s3migration.operator.api.StatusReason;
import io.s3migration.operator.api.SyncRecord;
import io.s3migration.operator.api.Checkpoint;
import io.s3migration.operator.api.CredentialsRetention;
import io.s3migration.operator.api.MigrationJobStatus;
import io.s3migration.operator.api.Phase;
import io.s3migration.operator.api.ShardStatus;
import io.s3migration.operator.api.VerificationStatus;
import io.s3migration.operator.progress.CopierPodReport;
import io.s3migration.operator.progress.LogScrubber;
import io.s3migration.operator.resources.TenantCredentials;
import io.s3migration.protocol.CheckpointCounts;
import io.s3migration.protocol.ExitCode;
import io.s3migration.protocol.Failure;
import io.s3migration.protocol.KeyRange;
import io.s3migration.protocol.Mode;
import io.s3migration.protocol.ObjectFailedLine;
import io.s3migration.protocol.Progress;
import io.s3migration.protocol.ProgressLine;
import io.s3migration.protocol.ProtocolJson;
import io.s3migration.protocol.RangeLine;
import io.s3migration.protocol.Reason;
import io.s3migration.protocol.Summary;
import io.s3migration.protocol.Verification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The phase machine, one row per transition: observation in, phase / reason / actions / events out. */
class PhasesTest {
    static final Instant NOW = Instant.parse("2026-11-22T08:00:00Z");
    static final TenantCredentials.Result OK = new TenantCredentials.Result(Map.of("k", "dg=="), null, null);
    static final TenantCredentials.Result MISSING = TenantCredentials.Result.problem(StatusReason.SecretNotFound, "Secret 'm-src' does not exist");
    static final Quotas.Admission FULL = new Quotas.Admission(false, "Queued: 2 migration(s) already run");
    static final Progress HALF = new Progress(true, 10, 4, 1, 0, 1000, 400, 50, "k4");
    static final String PROGRESS_LOG = "starting\n" + ProtocolJson.write(new ProgressLine("copying", HALF)) + "\n{garbled";
    static final Summary PREFLIGHT_OK = new Summary(Mode.PREFLIGHT, ExitCode.SUCCEEDED, null, "ok", Progress.NONE, List.of(), null);
    static final Summary PREFLIGHT_BAD = new Summary(Mode.PREFLIGHT, ExitCode.PREFLIGHT_FAILED, Reason.AccessDenied,
            "destination: probe PutObject denied", Progress.NONE, List.of(), null);
    static final Summary COPY_OK = new Summary(Mode.COPY, ExitCode.SUCCEEDED, null, "done",
            new Progress(true, 10, 9, 1, 0, 1000, 900, 50, "k9"), List.of(), null);
    static final Summary COPY_BAD = new Summary(Mode.COPY, ExitCode.FATAL, Reason.NoSuchBucket, "source bucket photos does not exist",
            Progress.NONE, IntStream.range(0, 30).mapToObj(i -> new Failure("k" + i, "500")).toList(), null);

    static final Summary VERIFY_OK = new Summary(Mode.VERIFY, ExitCode.SUCCEEDED, null, "verified 10 objects",
            new Progress(true, 10, 0, 10, 0, 1000, 0, 0, "k9"), List.of(), new Verification(10, 0, 0, 1000));
    static final Summary VERIFY_DIFF = new Summary(Mode.VERIFY, ExitCode.PARTIAL, Reason.VerificationFailed,
            "verified 10 objects: 8 matched (800 B), 1 missing, 1 mismatched", new Progress(true, 10, 0, 8, 2, 1000, 0, 0, "k9"),
            List.of(new Failure("k3", "missing"), new Failure("k7", "size 5 at the destination, 6 at the source")),
            new Verification(8, 1, 1, 800));
    static final Summary VERIFY_DENIED = new Summary(Mode.VERIFY, ExitCode.FATAL, Reason.AccessDenied,
            "destination: ListObjectsV2 denied", Progress.NONE, List.of(), null);

    static final Observation.Switches GO = Observation.Switches.NONE;
    static final Observation.Switches NO_VERIFY = GO.withVerifyAfterCopy(false);
    static final Observation.Switches SUSPEND = new Observation.Switches(true, false, false, CredentialsRetention.DeleteWhenDone);
    static final Observation.Switches SUSPEND_RETAIN = new Observation.Switches(true, false, false, CredentialsRetention.Retain);
    static final Observation.Switches CANCEL = new Observation.Switches(false, true, false, CredentialsRetention.DeleteWhenDone);
    static final Observation.Switches PREFLIGHT_ONLY = new Observation.Switches(false, false, true, CredentialsRetention.DeleteWhenDone);
    static final Observation.Switches RETAIN = new Observation.Switches(false, false, false, CredentialsRetention.Retain);

    static final MigrationJobStatus FRESH = MigrationJobStatus.EMPTY;
    static final MigrationJobStatus IN_PREFLIGHT = step(FRESH, GO, OK, JobState.ABSENT, CopierPodReport.NONE).status();
    static final MigrationJobStatus RUNNING = step(IN_PREFLIGHT, GO, OK, job(JobState.Kind.SUCCEEDED), pod("Succeeded", PREFLIGHT_OK, null)).status();
    static final MigrationJobStatus VERIFYING = step(RUNNING, GO, OK, job(JobState.Kind.SUCCEEDED), pod("Succeeded", COPY_OK, null)).status();
    static final MigrationJobStatus DONE = step(VERIFYING, GO, OK, job(JobState.Kind.SUCCEEDED), pod("Succeeded", VERIFY_OK, null)).status();
    static final Observation.Switches TRIGGER = GO.withManualTrigger("cut-over");
    static final MigrationJobStatus FAILED_COPY = step(RUNNING, GO, OK, job(JobState.Kind.FAILED), pod("Failed", COPY_BAD, "boom")).status();
    /** A finished MigrationJob's credentials are not read (the reconciler passes NOT_READ). */
    static final MigrationJobStatus PASS_2 = step(DONE, TRIGGER, TenantCredentials.Result.NOT_READ, JobState.ABSENT, CopierPodReport.NONE).status();
    static final MigrationJobStatus PASS_2_PREFLIGHT = step(PASS_2, TRIGGER, OK, JobState.ABSENT, CopierPodReport.NONE).status();
    static final MigrationJobStatus PASS_2_COPYING = step(PASS_2_PREFLIGHT, TRIGGER, OK, job(JobState.Kind.SUCCEEDED), pod("Succeeded", PREFLIGHT_OK, null)).status();
    static final Observation.Switches HOURLY = GO.withSchedule("0 * * * *");
    static final Instant NINE = Instant.parse("2026-11-22T09:00:00Z");
    /** DONE (ended at NOW, 08:00) with an hourly schedule: the next pass at 09:00. */
    static final MigrationJobStatus DONE_SCHEDULED = stepAt(NOW.plusSeconds(60), DONE, HOURLY, TenantCredentials.Result.NOT_READ,
            JobState.ABSENT, CopierPodReport.NONE).status();
    /** 09:00 has come: pass 2 is Pending. */
    static final MigrationJobStatus SCHEDULED_PASS = stepAt(NINE, DONE_SCHEDULED, HOURLY, TenantCredentials.Result.NOT_READ,
            JobState.ABSENT, CopierPodReport.NONE).status();
    static final MigrationJobStatus PAUSED = step(RUNNING, SUSPEND, OK, job(JobState.Kind.RUNNING), pod("Running", null, PROGRESS_LOG)).status();
    static final MigrationJobStatus QUEUED = decide(FRESH, GO, OK, Optional.empty(), FULL, JobState.ABSENT, CopierPodReport.NONE).status();
    static final MigrationJobStatus STALLED = step(FRESH, GO, MISSING, JobState.ABSENT, CopierPodReport.NONE).status();
    static final MigrationJobStatus UNRESOLVED = decide(FRESH, GO, OK, Optional.of(new Refusal(StatusReason.EndpointUnresolved, "x")),
            Quotas.Admission.ALLOWED, JobState.ABSENT, CopierPodReport.NONE).status();

    static JobState job(JobState.Kind kind) {
        return new JobState(kind, kind == JobState.Kind.FAILED ? "BackoffLimitExceeded" : null,
                kind == JobState.Kind.FAILED ? "Job has reached the specified backoff limit" : null);
    }

    static CopierPodReport pod(String phase, Summary termination, String log) {
        return new CopierPodReport("m-x-abc", phase, termination == null ? null : ProtocolJson.write(termination),
                termination == null ? null : termination.exitCode().code(), log);
    }

    static Decision stepAt(Instant when, MigrationJobStatus current, Observation.Switches sw, TenantCredentials.Result credentials,
                           JobState job, CopierPodReport pod) {
        return Phases.decide(new Observation("m", 3, current, sw, Optional.empty(), credentials, Quotas.Admission.ALLOWED,
                job, pod, 20, when));
    }

    static Decision step(MigrationJobStatus current, Observation.Switches sw, TenantCredentials.Result credentials, JobState job, CopierPodReport pod) {
        return decide(current, sw, credentials, Optional.empty(), Quotas.Admission.ALLOWED, job, pod);
    }

    static Decision decide(MigrationJobStatus current, Observation.Switches sw, TenantCredentials.Result credentials,
                                  Optional<Refusal> refusal, Quotas.Admission admission, JobState job, CopierPodReport pod) {
        return Phases.decide(new Observation("m", 3, current, sw, refusal, credentials, admission, job, pod, 20, NOW));
    }

    /**
     * One transition. {@code create}: name of the Job to create or null; {@code deleteJobs}; {@code suspend}: Job to
     * suspend or null; {@code cleanup}: credentials copy deleted; {@code tenant}: tenant Secrets deleted; {@code events}.
     */
    record Row(String name, Decision d, Phase phase, String reason, String create, List<String> deleteJobs,
               String suspend, boolean cleanup, boolean tenant, List<String> events) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> rows() {
        return Stream.of(
                new Row("Pending -> Preflight: pre-flight Job", step(FRESH, GO, OK, JobState.ABSENT, CopierPodReport.NONE),
                        Phase.Preflight, StatusReason.PreflightRunning.name(), "m-preflight", List.of(), null, false, false, List.of(StatusReason.PreflightRunning.name())),
                new Row("Pending, Secret missing: stalled, no Job", step(FRESH, GO, MISSING, JobState.ABSENT, CopierPodReport.NONE),
                        Phase.Pending, "SecretNotFound", null, List.of(), null, false, false, List.of("SecretNotFound")),
                new Row("still missing: no repeated event", step(STALLED, GO, MISSING, JobState.ABSENT, CopierPodReport.NONE),
                        Phase.Pending, "SecretNotFound", null, List.of(), null, false, false, List.of()),
                // A refusal before anything ran is no finish: the tenant fixes the spec and needs the same Secrets again
                // (found on the real cluster: another MigrationJob sharing them lost its Secrets to a typo's refusal).
                new Row("Pending -> Failed: endpoint refused, tenant Secrets kept", decide(FRESH, GO, OK,
                        Optional.of(new Refusal(StatusReason.InvalidEndpoint, "bad")), Quotas.Admission.ALLOWED, JobState.ABSENT,
                        CopierPodReport.NONE),
                        Phase.Failed, "InvalidEndpoint", null, List.of(), null, true, false, List.of("InvalidEndpoint")),
                new Row("Pending: endpoint does not resolve yet, waits (no Job, nothing deleted)", decide(FRESH, GO, OK,
                        Optional.of(new Refusal(StatusReason.EndpointUnresolved, "does not resolve")),
                        Quotas.Admission.ALLOWED, JobState.ABSENT, CopierPodReport.NONE),
                        Phase.Pending, "EndpointUnresolved", null, List.of(), null, false, false, List.of("EndpointUnresolved")),
                new Row("Pending -> Preflight: the endpoint resolves now", step(UNRESOLVED, GO, OK, JobState.ABSENT, CopierPodReport.NONE),
                        Phase.Preflight, StatusReason.PreflightRunning.name(), "m-preflight", List.of(), null, false, false, List.of(StatusReason.PreflightRunning.name())),
                new Row("Pending -> Queued: over quota", decide(FRESH, GO, OK, Optional.empty(), FULL, JobState.ABSENT, CopierPodReport.NONE),
                        Phase.Queued, StatusReason.QuotaExceeded.name(), null, List.of(), null, false, false, List.of(StatusReason.QuotaExceeded.name())),
                new Row("Queued -> Preflight: slot free", step(QUEUED, GO, OK, JobState.ABSENT, CopierPodReport.NONE),
                        Phase.Preflight, StatusReason.PreflightRunning.name(), "m-preflight", List.of(), null, false, false, List.of(StatusReason.PreflightRunning.name())),
                new Row("Pending -> Paused: suspended before start", step(FRESH, SUSPEND, OK, JobState.ABSENT, CopierPodReport.NONE),
                        Phase.Paused, StatusReason.Paused.name(), null, List.of(), null, true, true, List.of(StatusReason.Paused.name())),
                new Row("Preflight: pre-flight pod starting", step(IN_PREFLIGHT, GO, OK, job(JobState.Kind.WAITING), CopierPodReport.NONE),
                        Phase.Preflight, StatusReason.PreflightRunning.name(), null, List.of(), null, false, false, List.of()),
                new Row("Preflight -> Running: passed, copy attempt 1", step(IN_PREFLIGHT, GO, OK, job(JobState.Kind.SUCCEEDED), pod("Succeeded", PREFLIGHT_OK, null)),
                        Phase.Running, StatusReason.Started.name(), "m-1", List.of(), null, false, false, List.of(StatusReason.PreflightPassed.name(), StatusReason.Started.name())),
                new Row("Preflight -> Succeeded: preflightOnly", step(IN_PREFLIGHT, PREFLIGHT_ONLY, OK, job(JobState.Kind.SUCCEEDED), pod("Succeeded", PREFLIGHT_OK, null)),
                        Phase.Succeeded, StatusReason.PreflightOnly.name(), null, List.of(), null, true, true, List.of(StatusReason.PreflightPassed.name(), StatusReason.PreflightOnly.name())),
                new Row("Preflight -> Paused: passed while suspended", step(IN_PREFLIGHT, SUSPEND, OK, job(JobState.Kind.SUCCEEDED), pod("Succeeded", PREFLIGHT_OK, null)),
                        Phase.Paused, StatusReason.Paused.name(), null, List.of(), null, true, true, List.of(StatusReason.PreflightPassed.name(), StatusReason.Paused.name())),
                new Row("Preflight -> Failed: pre-flight failed", step(IN_PREFLIGHT, GO, OK, job(JobState.Kind.FAILED), pod("Failed", PREFLIGHT_BAD, "x")),
                        Phase.Failed, "AccessDenied", null, List.of(), null, true, true, List.of("AccessDenied")),
                new Row("Preflight -> Failed: Job vanished", step(IN_PREFLIGHT, GO, OK, JobState.ABSENT, CopierPodReport.NONE),
                        Phase.Failed, StatusReason.JobDeleted.name(), null, List.of(), null, true, true, List.of(StatusReason.JobDeleted.name())),
                new Row("Running: pod not yet started", step(RUNNING, GO, OK, job(JobState.Kind.WAITING), CopierPodReport.NONE),
                        Phase.Running, StatusReason.JobPending.name(), null, List.of(), null, false, false, List.of(StatusReason.JobPending.name())),
                new Row("Running: copying", step(RUNNING, GO, OK, job(JobState.Kind.RUNNING), pod("Running", null, PROGRESS_LOG)),
                        Phase.Running, StatusReason.Copying.name(), null, List.of(), null, false, false, List.of(StatusReason.Copying.name())),
                new Row("Running -> Verifying: copy done, verify Job (AfterCopy, the default)", step(RUNNING, GO, OK, job(JobState.Kind.SUCCEEDED), pod("Succeeded", COPY_OK, null)),
                        Phase.Verifying, StatusReason.VerificationRunning.name(), "m-v1", List.of(), null, false, false,
                        List.of(StatusReason.Copied.name(), StatusReason.VerificationRunning.name())),
                new Row("Running -> Succeeded: verification None", step(RUNNING, NO_VERIFY, OK, job(JobState.Kind.SUCCEEDED), pod("Succeeded", COPY_OK, null)),
                        Phase.Succeeded, StatusReason.Succeeded.name(), null, List.of(), null, true, true, List.of(StatusReason.Succeeded.name())),
                new Row("Verifying: verify pod starting", step(VERIFYING, GO, OK, job(JobState.Kind.WAITING), CopierPodReport.NONE),
                        Phase.Verifying, StatusReason.VerificationRunning.name(), null, List.of(), null, false, false, List.of()),
                new Row("Verifying: verify pod comparing", step(VERIFYING, GO, OK, job(JobState.Kind.RUNNING), pod("Running", null, PROGRESS_LOG)),
                        Phase.Verifying, StatusReason.VerificationRunning.name(), null, List.of(), null, false, false, List.of()),
                new Row("Verifying -> Succeeded: every object matched, Consistent=True", step(VERIFYING, GO, OK, job(JobState.Kind.SUCCEEDED), pod("Succeeded", VERIFY_OK, null)),
                        Phase.Succeeded, StatusReason.Succeeded.name(), null, List.of(), null, true, true,
                        List.of(StatusReason.VerificationPassed.name(), StatusReason.Succeeded.name())),
                new Row("Verifying -> Succeeded, Retain keeps tenant Secrets", step(VERIFYING, RETAIN, OK, job(JobState.Kind.SUCCEEDED), pod("Succeeded", VERIFY_OK, null)),
                        Phase.Succeeded, StatusReason.Succeeded.name(), null, List.of(), null, true, false,
                        List.of(StatusReason.VerificationPassed.name(), StatusReason.Succeeded.name())),
                new Row("Verifying -> Failed: missing and mismatched objects, Consistent=False", step(VERIFYING, GO, OK, job(JobState.Kind.FAILED), pod("Failed", VERIFY_DIFF, "x")),
                        Phase.Failed, Reason.VerificationFailed.name(), null, List.of(), null, true, true, List.of(Reason.VerificationFailed.name())),
                new Row("Verifying -> Failed: the verify run could not run", step(VERIFYING, GO, OK, job(JobState.Kind.FAILED), pod("Failed", VERIFY_DENIED, "x")),
                        Phase.Failed, "AccessDenied", null, List.of(), null, true, true, List.of("AccessDenied")),
                new Row("Verifying -> Failed: verify Job vanished", step(VERIFYING, GO, OK, JobState.ABSENT, CopierPodReport.NONE),
                        Phase.Failed, StatusReason.JobDeleted.name(), null, List.of(), null, true, true, List.of(StatusReason.JobDeleted.name())),
                new Row("Verifying -> Paused: the verify Job goes", step(VERIFYING, SUSPEND, OK, job(JobState.Kind.RUNNING), pod("Running", null, PROGRESS_LOG)),
                        Phase.Paused, StatusReason.Paused.name(), null, List.of("m-v1"), null, true, true, List.of(StatusReason.Paused.name())),
                new Row("Verifying -> Cancelled: the verify Job goes", step(VERIFYING, CANCEL, OK, job(JobState.Kind.RUNNING), CopierPodReport.NONE),
                        Phase.Cancelled, StatusReason.Cancelled.name(), null, List.of("m-v1"), null, true, true, List.of(StatusReason.Cancelled.name())),
                new Row("Running -> Failed: copier failed", step(RUNNING, GO, OK, job(JobState.Kind.FAILED), pod("Failed", COPY_BAD, "boom")),
                        Phase.Failed, "NoSuchBucket", null, List.of(), null, true, true, List.of("NoSuchBucket")),
                new Row("Running -> Failed: garbled summary, Job's reason", step(RUNNING, GO, OK, job(JobState.Kind.FAILED),
                        new CopierPodReport("p", "Failed", "{\"type\":\"summ", 137, null)),
                        Phase.Failed, "BackoffLimitExceeded", null, List.of(), null, true, true, List.of("BackoffLimitExceeded")),
                new Row("Running -> Failed: Job vanished, never a second Job", step(RUNNING, GO, OK, JobState.ABSENT, CopierPodReport.NONE),
                        Phase.Failed, StatusReason.JobDeleted.name(), null, List.of(), null, true, true, List.of(StatusReason.JobDeleted.name())),
                new Row("Running -> Paused: suspend the Job", step(RUNNING, SUSPEND, OK, job(JobState.Kind.RUNNING), pod("Running", null, PROGRESS_LOG)),
                        Phase.Paused, StatusReason.Paused.name(), null, List.of(), "m-1", true, true, List.of(StatusReason.Paused.name())),
                new Row("Running -> Paused with Retain", step(RUNNING, SUSPEND_RETAIN, OK, job(JobState.Kind.RUNNING), pod("Running", null, PROGRESS_LOG)),
                        Phase.Paused, StatusReason.Paused.name(), null, List.of(), "m-1", true, false, List.of(StatusReason.Paused.name())),
                new Row("Running -> Cancelled", step(RUNNING, CANCEL, OK, job(JobState.Kind.RUNNING), pod("Running", null, PROGRESS_LOG)),
                        Phase.Cancelled, StatusReason.Cancelled.name(), null, List.of("m-1"), null, true, true, List.of(StatusReason.Cancelled.name())),
                new Row("Paused stays paused", step(PAUSED, SUSPEND, OK, job(JobState.Kind.WAITING), CopierPodReport.NONE),
                        Phase.Paused, StatusReason.Paused.name(), null, List.of(), null, false, false, List.of()),
                new Row("Paused, resume waits for the Secret", step(PAUSED, GO, MISSING, job(JobState.Kind.WAITING), CopierPodReport.NONE),
                        Phase.Paused, StatusReason.WaitingForSecret.name(), null, List.of(), null, false, false, List.of(StatusReason.WaitingForSecret.name())),
                new Row("Paused, resume waits while another NetworkPolicy would reopen the copy pod's egress", decide(PAUSED, GO, OK,
                        Optional.of(new Refusal(StatusReason.EgressWallBypassed, "NetworkPolicy 'open' ...")), Quotas.Admission.ALLOWED,
                        job(JobState.Kind.WAITING), CopierPodReport.NONE),
                        Phase.Paused, StatusReason.EgressWallBypassed.name(), null, List.of(), null, false, false, List.of(StatusReason.EgressWallBypassed.name())),
                new Row("Paused -> Running: attempt 2 from the checkpoint, old Job deleted", step(PAUSED, GO, OK, job(JobState.Kind.WAITING), CopierPodReport.NONE),
                        Phase.Running, StatusReason.Started.name(), "m-2", List.of("m-1"), null, false, false, List.of(StatusReason.Resumed.name(), StatusReason.Started.name())),
                new Row("Paused -> Queued: resume over quota", decide(PAUSED, GO, OK, Optional.empty(), FULL, job(JobState.Kind.WAITING), CopierPodReport.NONE),
                        Phase.Queued, StatusReason.QuotaExceeded.name(), null, List.of(), null, false, false, List.of(StatusReason.QuotaExceeded.name())),
                new Row("Paused -> Cancelled: suspended Job deleted", step(PAUSED, CANCEL, OK, job(JobState.Kind.WAITING), CopierPodReport.NONE),
                        Phase.Cancelled, StatusReason.Cancelled.name(), null, List.of("m-1"), null, true, true, List.of(StatusReason.Cancelled.name())),
                new Row("Queued -> Cancelled: nothing to delete", step(QUEUED, CANCEL, OK, JobState.ABSENT, CopierPodReport.NONE),
                        Phase.Cancelled, StatusReason.Cancelled.name(), null, List.of(), null, true, true, List.of(StatusReason.Cancelled.name())),
                new Row("Succeeded -> Pending: a new spec.trigger.manual starts pass 2", step(DONE, TRIGGER, TenantCredentials.Result.NOT_READ, JobState.ABSENT, CopierPodReport.NONE),
                        Phase.Pending, StatusReason.PassTriggered.name(), null, List.of(), null, false, false, List.of(StatusReason.PassTriggered.name())),
                new Row("Failed -> Pending: a new spec.trigger.manual starts pass 2", step(FAILED_COPY, TRIGGER, TenantCredentials.Result.NOT_READ, JobState.ABSENT, CopierPodReport.NONE),
                        Phase.Pending, StatusReason.PassTriggered.name(), null, List.of(), null, false, false, List.of(StatusReason.PassTriggered.name())),
                new Row("Cancelled stays Cancelled whatever the trigger", step(step(RUNNING, CANCEL, OK, job(JobState.Kind.RUNNING), CopierPodReport.NONE).status(),
                        TRIGGER, TenantCredentials.Result.NOT_READ, JobState.ABSENT, CopierPodReport.NONE),
                        Phase.Cancelled, StatusReason.Cancelled.name(), null, List.of(), null, true, false, List.of()),
                new Row("Succeeded with cancel set: a trigger starts nothing", step(DONE, new Observation.Switches(false, true, false, true,
                        CredentialsRetention.DeleteWhenDone, "cut-over", null), TenantCredentials.Result.NOT_READ, JobState.ABSENT, CopierPodReport.NONE),
                        Phase.Succeeded, StatusReason.Succeeded.name(), null, List.of(), null, true, false, List.of()),
                new Row("pass 2 Pending -> Preflight: pre-flight Job m-p2", step(PASS_2, TRIGGER, OK, JobState.ABSENT, CopierPodReport.NONE),
                        Phase.Preflight, StatusReason.PreflightRunning.name(), "m-p2", List.of(), null, false, false, List.of(StatusReason.PreflightRunning.name())),
                new Row("pass 2 waits for the Secrets purged at the last end, as a resume does", step(PASS_2, TRIGGER, MISSING, JobState.ABSENT, CopierPodReport.NONE),
                        Phase.Pending, StatusReason.WaitingForSecret.name(), null, List.of(), null, false, false, List.of(StatusReason.WaitingForSecret.name())),
                new Row("pass 2 Preflight -> Running: copy attempt 2 from the start, the pre-flight Job kept", step(PASS_2_PREFLIGHT, TRIGGER, OK, job(JobState.Kind.SUCCEEDED), pod("Succeeded", PREFLIGHT_OK, null)),
                        Phase.Running, StatusReason.Started.name(), "m-2", List.of(), null, false, false, List.of(StatusReason.PreflightPassed.name(), StatusReason.Started.name())),
                new Row("a pass ending with a newer trigger set keeps the tenant Secrets for the next pass", step(VERIFYING, TRIGGER, OK, job(JobState.Kind.SUCCEEDED), pod("Succeeded", VERIFY_OK, null)),
                        Phase.Succeeded, StatusReason.Succeeded.name(), null, List.of(), null, true, false,
                        List.of(StatusReason.VerificationPassed.name(), StatusReason.Succeeded.name())),
                new Row("terminal stays terminal, keeps deleting the copy only", step(DONE, CANCEL, OK, JobState.ABSENT, CopierPodReport.NONE),
                        Phase.Succeeded, StatusReason.Succeeded.name(), null, List.of(), null, true, false, List.of()),
                // spec.trigger.schedule
                new Row("schedule, not due yet: stays Succeeded (nextSyncTime), tenant Secrets kept", stepAt(NOW.plusSeconds(1800), DONE_SCHEDULED,
                        HOURLY, TenantCredentials.Result.NOT_READ, JobState.ABSENT, CopierPodReport.NONE),
                        Phase.Succeeded, StatusReason.Succeeded.name(), null, List.of(), null, true, false, List.of()),
                new Row("schedule, due: Succeeded -> Pending, pass 2 (PassScheduled)", stepAt(NINE, DONE_SCHEDULED, HOURLY,
                        TenantCredentials.Result.NOT_READ, JobState.ABSENT, CopierPodReport.NONE),
                        Phase.Pending, StatusReason.PassScheduled.name(), null, List.of(), null, false, false, List.of(StatusReason.PassScheduled.name())),
                new Row("schedule, due long ago (operator down): one pass, not one per missed time", stepAt(NINE.plusSeconds(86400), DONE_SCHEDULED,
                        HOURLY, TenantCredentials.Result.NOT_READ, JobState.ABSENT, CopierPodReport.NONE),
                        Phase.Pending, StatusReason.PassScheduled.name(), null, List.of(), null, false, false, List.of(StatusReason.PassScheduled.name())),
                new Row("schedule, due on a Failed pass: it runs again too", stepAt(NINE, FAILED_COPY, HOURLY,
                        TenantCredentials.Result.NOT_READ, JobState.ABSENT, CopierPodReport.NONE),
                        Phase.Pending, StatusReason.PassScheduled.name(), null, List.of(), null, false, false, List.of(StatusReason.PassScheduled.name())),
                new Row("scheduled pass whose Secrets were purged waits for them, as a resume does", stepAt(NINE, SCHEDULED_PASS, HOURLY,
                        MISSING, JobState.ABSENT, CopierPodReport.NONE),
                        Phase.Pending, StatusReason.WaitingForSecret.name(), null, List.of(), null, false, false, List.of(StatusReason.WaitingForSecret.name())),
                new Row("scheduled pass with its Secrets: pre-flight Job m-p2", stepAt(NINE, SCHEDULED_PASS, HOURLY, OK, JobState.ABSENT, CopierPodReport.NONE),
                        Phase.Preflight, StatusReason.PreflightRunning.name(), "m-p2", List.of(), null, false, false, List.of(StatusReason.PreflightRunning.name())),
                new Row("a pass ending with a schedule set keeps the tenant Secrets for the next", step(VERIFYING, HOURLY, OK, job(JobState.Kind.SUCCEEDED), pod("Succeeded", VERIFY_OK, null)),
                        Phase.Succeeded, StatusReason.Succeeded.name(), null, List.of(), null, true, false,
                        List.of(StatusReason.VerificationPassed.name(), StatusReason.Succeeded.name())),
                new Row("schedule removed after the last pass ended: finished, the tenant Secrets go now", stepAt(NOW.plusSeconds(1800), DONE_SCHEDULED,
                        GO, TenantCredentials.Result.NOT_READ, JobState.ABSENT, CopierPodReport.NONE),
                        Phase.Succeeded, StatusReason.Succeeded.name(), null, List.of(), null, true, true, List.of()),
                new Row("schedule removed, Retain: the tenant Secrets stay", stepAt(NOW.plusSeconds(1800), DONE_SCHEDULED,
                        RETAIN, TenantCredentials.Result.NOT_READ, JobState.ABSENT, CopierPodReport.NONE),
                        Phase.Succeeded, StatusReason.Succeeded.name(), null, List.of(), null, true, false, List.of()),
                new Row("cancel set on a scheduled Succeeded: no more passes, finished, the tenant Secrets go", stepAt(NINE, DONE_SCHEDULED,
                        new Observation.Switches(false, true, false, CredentialsRetention.DeleteWhenDone).withSchedule("0 * * * *"),
                        TenantCredentials.Result.NOT_READ, JobState.ABSENT, CopierPodReport.NONE),
                        Phase.Succeeded, StatusReason.Succeeded.name(), null, List.of(), null, true, true, List.of()),
                new Row("Cancelled with a schedule: never another pass", stepAt(NINE, step(RUNNING, CANCEL, OK, job(JobState.Kind.RUNNING), CopierPodReport.NONE).status(),
                        HOURLY, TenantCredentials.Result.NOT_READ, JobState.ABSENT, CopierPodReport.NONE),
                        Phase.Cancelled, StatusReason.Cancelled.name(), null, List.of(), null, true, false, List.of()),
                new Row("invalid schedule (past the CRD's rule): refused before anything runs", step(FRESH, GO.withSchedule("0 * * * 1-9"), OK,
                        JobState.ABSENT, CopierPodReport.NONE),
                        Phase.Failed, StatusReason.InvalidSchedule.name(), null, List.of(), null, true, false, List.of(StatusReason.InvalidSchedule.name())),
                new Row("schedule made invalid after a pass: no scheduled pass, a warning once", stepAt(NINE, DONE_SCHEDULED, GO.withSchedule("0 * 31 2-1 *"),
                        TenantCredentials.Result.NOT_READ, JobState.ABSENT, CopierPodReport.NONE),
                        Phase.Succeeded, StatusReason.Succeeded.name(), null, List.of(), null, true, false, List.of(StatusReason.InvalidSchedule.name())));
    }

    // spec.parallelism 3: the pre-flight pod plans three ranges; copy and verify are Indexed Jobs, one pod per range.
    static final int SHARDS = 3;
    static final String PLAN_LOG = Stream.of(new RangeLine(0, new KeyRange(null, "g"), 10), new RangeLine(1, new KeyRange("g", "p"), 10),
            new RangeLine(2, new KeyRange("p", null), 10)).map(ProtocolJson::write).reduce("", (a, b) -> a + b + "\n");
    static final Summary COPY_SHARD_OK = new Summary(Mode.COPY, ExitCode.SUCCEEDED, null, "done",
            new Progress(true, 4, 4, 0, 0, 400, 400, 0, "z"), List.of(), null);

    static Decision parallel(MigrationJobStatus current, Observation.Switches sw, JobState job, CopierPodReport pod,
                             Map<Integer, CopierPodReport> shardPods) {
        return Phases.decide(new Observation("m", 3, current, sw, Optional.empty(), OK, Quotas.Admission.ALLOWED, job, pod, 20, NOW,
                SHARDS, shardPods));
    }

    /** The newest pod of completion index {@code index}. */
    static CopierPodReport shard(int index, String phase, Summary termination, String log) {
        return new CopierPodReport("m-x-" + index + "-abc", phase, termination == null ? null : ProtocolJson.write(termination),
                termination == null ? null : termination.exitCode().code(), log);
    }

    /** Every index's pod exited with {@code termination}. */
    static Map<Integer, CopierPodReport> allShards(Summary termination) {
        return Map.of(0, shard(0, "Succeeded", termination, null), 1, shard(1, "Succeeded", termination, null),
                2, shard(2, "Succeeded", termination, null));
    }

    static String copying(String lastKey, long copied, Failure... failed) {
        return Stream.concat(Stream.of(failed).map(f -> ProtocolJson.write(new ObjectFailedLine(f))),
                Stream.of(ProtocolJson.write(new ProgressLine("copying", new Progress(true, 10, copied, 0, failed.length, 1000, copied * 100, 10, lastKey),
                        new CheckpointCounts(copied, 0, failed.length, copied * 100))))).reduce("", (a, b) -> a + b + "\n");
    }

    static final MigrationJobStatus P_PREFLIGHT = parallel(FRESH, GO, JobState.ABSENT, CopierPodReport.NONE, Map.of()).status();
    static final MigrationJobStatus P_RUNNING = parallel(P_PREFLIGHT, GO, job(JobState.Kind.SUCCEEDED),
            pod("Succeeded", PREFLIGHT_OK, PLAN_LOG), Map.of()).status();
    static final Map<Integer, CopierPodReport> P_COPYING_PODS = Map.of(
            0, shard(0, "Running", null, copying("c", 3, new Failure("b", "AccessDenied"), new Failure("f", "AccessDenied"))),
            2, shard(2, "Running", null, copying("r", 2, new Failure("q", "SlowDown"))));
    static final MigrationJobStatus P_COPYING = parallel(P_RUNNING, GO, job(JobState.Kind.RUNNING), P_COPYING_PODS.get(0), P_COPYING_PODS).status();
    static final MigrationJobStatus P_PAUSED = parallel(P_COPYING, SUSPEND, job(JobState.Kind.RUNNING), P_COPYING_PODS.get(0), P_COPYING_PODS).status();
    static final MigrationJobStatus P_VERIFYING = parallel(P_RUNNING, GO, job(JobState.Kind.SUCCEEDED), shard(0, "Succeeded", COPY_SHARD_OK, null),
            allShards(COPY_SHARD_OK)).status();

    static Stream<Row> parallelRows() {
        Map<Integer, CopierPodReport> oneIndexFailed = Map.of(0, shard(0, "Succeeded", COPY_SHARD_OK, null),
                1, shard(1, "Failed", COPY_BAD, null), 2, shard(2, "Running", null, null));
        Map<Integer, CopierPodReport> oneIndexDenied = Map.of(0, shard(0, "Succeeded", VERIFY_OK, null),
                1, shard(1, "Failed", VERIFY_DENIED, null), 2, shard(2, "Succeeded", VERIFY_OK, null));
        Map<Integer, CopierPodReport> oneIndexDiffers = Map.of(0, shard(0, "Succeeded", VERIFY_OK, null),
                1, shard(1, "Failed", VERIFY_DIFF, null), 2, shard(2, "Succeeded", VERIFY_OK, null));
        return Stream.of(
                new Row("parallel Pending -> Preflight: one pre-flight Job (checks, then the plan)", parallel(FRESH, GO, JobState.ABSENT, CopierPodReport.NONE, Map.of()),
                        Phase.Preflight, StatusReason.PreflightRunning.name(), "m-preflight", List.of(), null, false, false, List.of(StatusReason.PreflightRunning.name())),
                new Row("parallel Preflight -> Running: the plan's ranges become status.shards, one Indexed copy Job", parallel(P_PREFLIGHT, GO,
                        job(JobState.Kind.SUCCEEDED), pod("Succeeded", PREFLIGHT_OK, PLAN_LOG), Map.of()),
                        Phase.Running, StatusReason.Started.name(), "m-1", List.of(), null, false, false,
                        List.of(StatusReason.PreflightPassed.name(), StatusReason.Started.name())),
                new Row("parallel Preflight -> Failed: a plan that leaves keys out is never used", parallel(P_PREFLIGHT, GO,
                        job(JobState.Kind.SUCCEEDED), pod("Succeeded", PREFLIGHT_OK, PLAN_LOG.lines().limit(2).reduce("", (a, b) -> a + b + "\n")), Map.of()),
                        Phase.Failed, StatusReason.PlanFailed.name(), null, List.of(), null, true, true,
                        List.of(StatusReason.PreflightPassed.name(), StatusReason.PlanFailed.name())),
                new Row("parallel Preflight -> Failed: the checks (init container) failed, with their reason", parallel(P_PREFLIGHT, GO,
                        job(JobState.Kind.FAILED), pod("Failed", PREFLIGHT_BAD, null), Map.of()),
                        Phase.Failed, Reason.AccessDenied.name(), null, List.of(), null, true, true, List.of(Reason.AccessDenied.name())),
                new Row("parallel Running: the shards copy", parallel(P_RUNNING, GO, job(JobState.Kind.RUNNING), P_COPYING_PODS.get(0), P_COPYING_PODS),
                        Phase.Running, StatusReason.Copying.name(), null, List.of(), null, false, false, List.of(StatusReason.Copying.name())),
                new Row("parallel Running -> Failed: an index exhausted its retries, with that pod's reason", parallel(P_COPYING, GO,
                        job(JobState.Kind.FAILED), oneIndexFailed.get(1), oneIndexFailed),
                        Phase.Failed, Reason.NoSuchBucket.name(), null, List.of(), null, true, true, List.of(Reason.NoSuchBucket.name())),
                new Row("parallel Running -> Paused: the Indexed Job is suspended", parallel(P_COPYING, SUSPEND, job(JobState.Kind.RUNNING),
                        P_COPYING_PODS.get(0), P_COPYING_PODS),
                        Phase.Paused, StatusReason.Paused.name(), null, List.of(), "m-1", true, true, List.of(StatusReason.Paused.name())),
                new Row("parallel Paused -> Running: the next Indexed Job, the suspended one goes", parallel(P_PAUSED, GO, job(JobState.Kind.WAITING),
                        CopierPodReport.NONE, Map.of()),
                        Phase.Running, StatusReason.Started.name(), "m-2", List.of("m-1"), null, false, false,
                        List.of(StatusReason.Resumed.name(), StatusReason.Started.name())),
                new Row("parallel Running -> Verifying: every index copied, an Indexed verify Job", parallel(P_RUNNING, GO, job(JobState.Kind.SUCCEEDED),
                        shard(0, "Succeeded", COPY_SHARD_OK, null), allShards(COPY_SHARD_OK)),
                        Phase.Verifying, StatusReason.VerificationRunning.name(), "m-v1", List.of(), null, false, false,
                        List.of(StatusReason.Copied.name(), StatusReason.VerificationRunning.name())),
                new Row("parallel Verifying -> Succeeded: every index matched", parallel(P_VERIFYING, GO, job(JobState.Kind.SUCCEEDED),
                        shard(0, "Succeeded", VERIFY_OK, null), allShards(VERIFY_OK)),
                        Phase.Succeeded, StatusReason.Succeeded.name(), null, List.of(), null, true, true,
                        List.of(StatusReason.VerificationPassed.name(), StatusReason.Succeeded.name())),
                new Row("parallel Verifying -> Failed: one index found differences", parallel(P_VERIFYING, GO, job(JobState.Kind.FAILED),
                        oneIndexDiffers.get(1), oneIndexDiffers),
                        Phase.Failed, Reason.VerificationFailed.name(), null, List.of(), null, true, true, List.of(Reason.VerificationFailed.name())),
                new Row("parallel Verifying -> Failed: one index could not verify, with its reason", parallel(P_VERIFYING, GO, job(JobState.Kind.FAILED),
                        oneIndexDenied.get(1), oneIndexDenied),
                        Phase.Failed, Reason.AccessDenied.name(), null, List.of(), null, true, true, List.of(Reason.AccessDenied.name())));
    }

    @Test
    void aParallelVerificationIsTheSumOfEveryIndex() {
        Summary a = new Summary(Mode.VERIFY, ExitCode.SUCCEEDED, null, "ok", Progress.NONE, List.of(), new Verification(3, 0, 0, 300));
        Summary b = new Summary(Mode.VERIFY, ExitCode.SUCCEEDED, null, "ok", Progress.NONE, List.of(), new Verification(5, 0, 0, 500));
        Decision d = parallel(P_VERIFYING, GO, job(JobState.Kind.SUCCEEDED), shard(0, "Succeeded", a, null),
                Map.of(0, shard(0, "Succeeded", a, null), 1, shard(1, "Succeeded", b, null), 2, shard(2, "Succeeded", a, null)));
        assertEquals(new VerificationStatus(NOW.toString(), 11, 0, 0, 1100), d.status().verification());
        assertEquals("True", Conditions.find(d.status().conditions(), Conditions.CONSISTENT).orElseThrow().getStatus());
        assertTrue(d.status().message().contains("11 objects compared"), d.status().message());
    }

    @Test
    void aParallelVerificationWithAnIndexUnreportedClaimsNoCounts() {
        Decision d = parallel(P_VERIFYING, GO, job(JobState.Kind.SUCCEEDED), shard(0, "Succeeded", VERIFY_OK, null),
                Map.of(0, shard(0, "Succeeded", VERIFY_OK, null), 2, shard(2, "Succeeded", VERIFY_OK, null)));
        assertNull(d.status().verification(), "index 1's range was compared by no pod we saw");
        assertTrue(d.status().message().contains("indexes [1]"), d.status().message());
    }

    @Test
    void aParallelVerificationWithDifferencesSumsEveryIndexAndListsTheirKeys() {
        Summary differs = new Summary(Mode.VERIFY, ExitCode.PARTIAL, Reason.VerificationFailed, "1 missing", Progress.NONE,
                List.of(new Failure("h", "missing")), new Verification(4, 1, 0, 400));
        Map<Integer, CopierPodReport> pods = Map.of(0, shard(0, "Succeeded", VERIFY_OK, null), 1, shard(1, "Failed", differs, null),
                2, shard(2, "Succeeded", VERIFY_OK, null));
        Decision d = parallel(P_VERIFYING, GO, job(JobState.Kind.FAILED), pods.get(1), pods);
        assertEquals(new VerificationStatus(NOW.toString(), 24, 1, 0, 2400), d.status().verification());
        assertEquals("False", Conditions.find(d.status().conditions(), Conditions.CONSISTENT).orElseThrow().getStatus());
        assertEquals(List.of("h"), d.status().failures().stream().map(Failure::key).toList());
    }

    @Test
    void parallelFailuresComeFromEveryShardAndAPauseKeepsThoseUpToEachShardsCheckpoint() {
        assertEquals(List.of("b", "f", "q"), P_COPYING.failures().stream().map(Failure::key).toList(), "indexes 0 and 2, in index order");
        assertEquals(List.of("c", "r"), Stream.of(0, 2).map(i -> P_PAUSED.shards().get(i).checkpoint().lastKey()).toList());
        // b <= c (shard 0's checkpoint) and q <= r (shard 2's) stay; f lies after c: shard 0 resumes there and tries it again.
        assertEquals(List.of("b", "q"), P_PAUSED.failures().stream().map(Failure::key).toList());
        Map<Integer, CopierPodReport> early = Map.of(0, shard(0, "Running", null, copying("a", 1, new Failure("b", "AccessDenied"))));
        MigrationJobStatus paused = parallel(P_RUNNING, SUSPEND, job(JobState.Kind.RUNNING), early.get(0), early).status();
        assertNull(paused.failures(), "b lies after shard 0's checkpoint a: the resumed run tries it again");
    }

    @Test
    void aResumedParallelCopyKeepsEveryShardsCheckpointAndCounts() {
        Decision resumed = parallel(P_PAUSED, GO, job(JobState.Kind.WAITING), CopierPodReport.NONE, Map.of());
        assertEquals(new Decision.JobToCreate("m-2", Mode.COPY, null, CheckpointCounts.NONE), resumed.create().orElseThrow(),
                "each index resumes from its own checkpoint (<name>-checkpoint), not from one for the whole Job");
        assertEquals(P_PAUSED.shards(), resumed.status().shards());
        assertEquals(5, resumed.status().progress().objectsCopied());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"rows", "parallelRows"})
    void decides(Row row) {
        Decision d = row.d();
        assertEquals(row.phase(), d.status().phase());
        assertEquals(row.reason(), Conditions.find(d.status().conditions(), Conditions.READY).orElseThrow().getReason());
        assertEquals(row.create(), d.create().map(Decision.JobToCreate::name).orElse(null), "create");
        assertEquals(row.deleteJobs(), d.deleteJobs(), "deleteJobs");
        assertEquals(row.suspend(), d.suspendJob().orElse(null), "suspendJob");
        assertEquals(row.cleanup(), d.deleteCredentials(), "deleteCredentials");
        assertEquals(row.tenant(), d.deleteTenantSecrets(), "deleteTenantSecrets");
        assertEquals(row.events(), d.events().stream().map(Decision.Event::reason).toList(), "events");
        assertEquals(3L, d.status().observedGeneration());
        d.status().conditions().forEach(c -> assertEquals(3L, c.getObservedGeneration(), c.getType()));
        assertEquals(row.phase().isTerminal(), d.terminal());
        if (d.create().isPresent()) {
            assertTrue(d.applyResources(), "a Job is only created with its resources");
        }
    }

    @Test
    void preflightJobRunsInPreflightModeAndTheCopyAfterIt() {
        assertEquals(Mode.PREFLIGHT, step(FRESH, GO, OK, JobState.ABSENT, CopierPodReport.NONE).create().orElseThrow().mode());
        var copy = step(IN_PREFLIGHT, GO, OK, job(JobState.Kind.SUCCEEDED), pod("Succeeded", PREFLIGHT_OK, null));
        assertEquals(new Decision.JobToCreate("m-1", Mode.COPY, null, CheckpointCounts.NONE), copy.create().orElseThrow());
        assertEquals("True", Conditions.find(copy.status().conditions(), Conditions.PREFLIGHT_PASSED).orElseThrow().getStatus());
        assertEquals(1, copy.status().attempt());
        assertEquals(NOW.toString(), copy.status().startTime());
    }

    @Test
    void runningReadsTheNewestProgressLineAndCheckpoint() {
        var s = step(RUNNING, GO, OK, job(JobState.Kind.RUNNING), pod("Running", null, PROGRESS_LOG)).status();
        assertEquals(4, s.progress().objectsCopied());
        assertEquals(50.0, s.progress().percent());
        assertEquals("5/10", s.progress().objects());
        assertEquals(12L, s.progress().etaSeconds());
        assertEquals("12s", s.progress().eta());
        assertTrue(s.progress().sizingComplete());
        assertEquals(new Checkpoint("k4"), s.checkpoint());
        assertTrue(s.message().contains("5/10"), s.message());
    }

    @Test
    void unreadableLogKeepsTheLastProgressAndCheckpoint() {
        var first = step(RUNNING, GO, OK, job(JobState.Kind.RUNNING), pod("Running", null, PROGRESS_LOG)).status();
        var next = step(first, GO, OK, job(JobState.Kind.RUNNING), pod("Running", null, "{garbage\nnot json")).status();
        assertEquals(first.progress(), next.progress());
        assertEquals(first.checkpoint(), next.checkpoint());
    }

    @Test
    void pauseKeepsCheckpointAndCountsAndResumeStartsAfterIt() {
        assertEquals(new Checkpoint("k4"), PAUSED.checkpoint());
        assertEquals(4, PAUSED.progress().objectsCopied());
        assertEquals(0, PAUSED.progress().bytesPerSecond());
        var resumed = step(PAUSED, GO, OK, job(JobState.Kind.WAITING), CopierPodReport.NONE);
        // The resumed run counts on from the paused one's counts (copied 4, skipped 1 of HALF), not from zero.
        assertEquals(new Decision.JobToCreate("m-2", Mode.COPY, "k4", new CheckpointCounts(4, 1, 0, 400)),
                resumed.create().orElseThrow());
        assertEquals(2, resumed.status().attempt());
        assertEquals(RUNNING.startTime(), resumed.status().startTime());
    }

    /**
     * Workers run ahead of the checkpoint: what they finished beyond it is done again after a resume, so the
     * resumed run gets the counts up to the checkpoint and status keeps only the failures up to it.
     */
    @Test
    void pauseCarriesExactlyWhatIsDoneUpToTheCheckpoint() {
        String log = String.join("\n",
                ProtocolJson.write(new ObjectFailedLine(new Failure("a/1", "checksum mismatch"))),
                ProtocolJson.write(new ObjectFailedLine(new Failure("z/9", "InternalError"))),
                ProtocolJson.write(new ProgressLine("copying", HALF, new CheckpointCounts(2, 1, 1, 200))));
        var running = step(RUNNING, GO, OK, job(JobState.Kind.RUNNING), pod("Running", null, log)).status();
        assertEquals(List.of("a/1", "z/9"), keys(running.failures()), "failures show while the copy runs");
        assertEquals(new Checkpoint("k4", 2L, 1L, 1L, 200L), running.checkpoint());

        var paused = step(running, SUSPEND, OK, job(JobState.Kind.RUNNING), pod("Running", null, log)).status();
        assertEquals(List.of("a/1"), keys(paused.failures()), "z/9 is after the checkpoint: the resumed run retries it");
        assertEquals(4, paused.progress().objectsCopied(), "the display keeps everything counted so far");

        var resumed = step(paused, GO, OK, job(JobState.Kind.WAITING), CopierPodReport.NONE);
        assertEquals(new CheckpointCounts(2, 1, 1, 200), resumed.create().orElseThrow().countsBefore());
        assertEquals(List.of("a/1"), keys(resumed.status().failures()));

        String secondLog = ProtocolJson.write(new ObjectFailedLine(new Failure("z/9", "InternalError")));
        var second = step(resumed.status(), GO, OK, job(JobState.Kind.RUNNING), pod("Running", null, secondLog)).status();
        assertEquals(List.of("a/1", "z/9"), keys(second.failures()));
        Summary partial = new Summary(Mode.COPY, ExitCode.PARTIAL, Reason.ObjectsFailed, "2 failed",
                new Progress(true, 10, 8, 0, 2, 1000, 800, 50, "k9"),
                List.of(new Failure("z/9", "InternalError"), new Failure("zz/1", "InternalError")), null);
        var done = step(second, GO, OK, job(JobState.Kind.FAILED), pod("Failed", partial, secondLog)).status();
        assertEquals(List.of("a/1", "z/9", "zz/1"), keys(done.failures()), "every run's failures, each key once");
    }

    @Test
    void failuresAreCappedAcrossRuns() {
        String log = IntStream.range(0, 30).mapToObj(i -> ProtocolJson.write(new ObjectFailedLine(new Failure("k" + i, "500"))))
                .reduce((a, b) -> a + "\n" + b).orElseThrow();
        var running = step(RUNNING, GO, OK, job(JobState.Kind.RUNNING), pod("Running", null, log)).status();
        assertEquals(20, running.failures().size());
        var done = step(running, GO, OK, job(JobState.Kind.FAILED), pod("Failed", COPY_BAD, null)).status();
        assertEquals(keys(running.failures()), keys(done.failures()), "the first 20 seen stay the first 20");
    }

    /** status.logTail is short; what is parsed (progress, failures) is the whole tail the operator read. */
    @Test
    void longFailureLinesAfterTheProgressLineHideNothing() {
        String longKey = "deep/" + "k".repeat(1000);
        String log = String.join("\n",
                ProtocolJson.write(new ProgressLine("copying", HALF, new CheckpointCounts(2, 1, 1, 200))),
                ProtocolJson.write(new ObjectFailedLine(new Failure(longKey + "1", "InternalError"))),
                ProtocolJson.write(new ObjectFailedLine(new Failure(longKey + "2", "InternalError"))),
                ProtocolJson.write(new ObjectFailedLine(new Failure(longKey + "3", "InternalError"))));
        assertTrue(log.length() > LogScrubber.MAX_CHARS);
        var running = step(RUNNING, GO, OK, job(JobState.Kind.RUNNING), pod("Running", null, log)).status();
        assertEquals(HALF.objectsCopied(), running.progress().objectsCopied(), "the progress line before the failures is read");
        assertEquals(new Checkpoint("k4", 2L, 1L, 1L, 200L), running.checkpoint());
        assertEquals(List.of(longKey + "1", longKey + "2", longKey + "3"), keys(running.failures()));
        var failed = step(running, GO, OK, job(JobState.Kind.FAILED), pod("Failed", null, log)).status();
        assertEquals(LogScrubber.MAX_CHARS, failed.logTail().length(), "status keeps only the end of the log");
        assertTrue(log.endsWith(failed.logTail()));
    }

    private static List<String> keys(List<Failure> failures) {
        return failures == null ? List.of() : failures.stream().map(Failure::key).toList();
    }

    @Test
    void restartBetweenCreatingTheJobAndWritingStatusAsksForTheSameJobAgain() {
        // The status write was lost: the same observation again names the same Job (create-only makes it a no-op).
        var again = step(FRESH, GO, OK, JobState.ABSENT, CopierPodReport.NONE);
        assertEquals("m-preflight", again.create().orElseThrow().name());
        var copyAgain = step(IN_PREFLIGHT, GO, OK, job(JobState.Kind.SUCCEEDED), pod("Succeeded", PREFLIGHT_OK, null));
        assertEquals("m-1", copyAgain.create().orElseThrow().name());
        var resumeAgain = step(PAUSED, GO, OK, job(JobState.Kind.WAITING), CopierPodReport.NONE);
        assertEquals("m-2", resumeAgain.create().orElseThrow().name());
        var verifyAgain = step(RUNNING, GO, OK, job(JobState.Kind.SUCCEEDED), pod("Succeeded", COPY_OK, null));
        assertEquals("m-v1", verifyAgain.create().orElseThrow().name());
    }

    @Test
    void theVerifyRunFollowsTheCopyKeepsItsCountsAndReportsTheComparison() {
        var verifying = step(RUNNING, GO, OK, job(JobState.Kind.SUCCEEDED), pod("Succeeded", COPY_OK, null));
        assertEquals(new Decision.JobToCreate("m-v1", Mode.VERIFY, null, CheckpointCounts.NONE), verifying.create().orElseThrow());
        assertEquals(Mode.VERIFY, verifying.runMode());
        assertEquals("m-v1", verifying.status().jobName());
        assertEquals(9, verifying.status().progress().objectsCopied(), "the copy's counts stay shown while verifying");
        assertNull(verifying.status().completionTime());

        // The verify pod's progress does not replace the copy's counts.
        var comparing = step(VERIFYING, GO, OK, job(JobState.Kind.RUNNING), pod("Running", null, PROGRESS_LOG)).status();
        assertEquals(9, comparing.progress().objectsCopied());
        assertTrue(comparing.message().contains("5 objects compared"), comparing.message());

        var done = step(VERIFYING, GO, OK, job(JobState.Kind.SUCCEEDED), pod("Succeeded", VERIFY_OK, null)).status();
        assertEquals(new io.s3migration.operator.api.VerificationStatus(NOW.toString(), 10, 0, 0, 1000), done.verification());
        var consistent = Conditions.find(done.conditions(), Conditions.CONSISTENT).orElseThrow();
        assertEquals("True", consistent.getStatus());
        assertEquals(StatusReason.VerificationPassed.name(), consistent.getReason());
        assertEquals(9, done.progress().objectsCopied());
        assertNotNull(done.completionTime());
        assertTrue(done.message().contains("10 matched"), done.message());
        assertTrue(done.message().startsWith("Done: 9 objects copied"), done.message());
    }

    @Test
    void differencesFailWithVerificationFailedNameTheKeysAndSetConsistentFalse() {
        var s = step(VERIFYING, GO, OK, job(JobState.Kind.FAILED), pod("Failed", VERIFY_DIFF, "x")).status();
        assertEquals(new io.s3migration.operator.api.VerificationStatus(NOW.toString(), 8, 1, 1, 800), s.verification());
        var consistent = Conditions.find(s.conditions(), Conditions.CONSISTENT).orElseThrow();
        assertEquals("False", consistent.getStatus());
        assertEquals(Reason.VerificationFailed.name(), consistent.getReason());
        assertEquals(List.of("k3", "k7"), keys(s.failures()));
        assertTrue(s.message().contains("1 missing, 1 mismatched"), s.message());
        assertEquals("True", Conditions.find(s.conditions(), Conditions.FAILED).orElseThrow().getStatus());

        // A verify run that could not compare says nothing about consistency.
        var denied = step(VERIFYING, GO, OK, job(JobState.Kind.FAILED), pod("Failed", VERIFY_DENIED, "x")).status();
        assertTrue(Conditions.find(denied.conditions(), Conditions.CONSISTENT).isEmpty());
        assertNull(denied.verification());
    }

    @Test
    void aManualTriggerStartsAFreshIncrementalPassAndEchoesTheValue() {
        assertNull(DONE.lastManualTrigger(), "the first pass ran for no trigger");
        assertEquals(1, DONE.pass());
        assertTrue(Conditions.find(DONE.conditions(), Conditions.COMPLETE).isPresent());

        assertEquals(2, PASS_2.pass());
        assertEquals("cut-over", PASS_2.lastManualTrigger());
        assertNull(PASS_2.checkpoint(), "a new pass copies from the start; the copier skips what is already there");
        assertNull(PASS_2.progress());
        assertNull(PASS_2.completionTime());
        assertNull(PASS_2.jobName());
        assertEquals(DONE.startTime(), PASS_2.startTime());
        assertEquals(DONE.verification(), PASS_2.verification(), "the last comparison stays shown until the next one");
        for (String concluded : List.of(Conditions.PREFLIGHT_PASSED, Conditions.CONSISTENT, Conditions.COMPLETE, Conditions.FAILED)) {
            assertTrue(Conditions.find(PASS_2.conditions(), concluded).isEmpty(), concluded + " of the last pass is gone");
        }
        assertEquals("False", Conditions.find(PASS_2.conditions(), Conditions.READY).orElseThrow().getStatus());

        var copy = step(PASS_2_PREFLIGHT, TRIGGER, OK, job(JobState.Kind.SUCCEEDED), pod("Succeeded", PREFLIGHT_OK, null));
        assertEquals(new Decision.JobToCreate("m-2", Mode.COPY, null, CheckpointCounts.NONE), copy.create().orElseThrow());
        var verify = step(copy.status(), TRIGGER, OK, job(JobState.Kind.SUCCEEDED), pod("Succeeded", COPY_OK, null));
        assertEquals("m-v2", verify.create().orElseThrow().name());
        var done = step(verify.status(), TRIGGER, OK, job(JobState.Kind.SUCCEEDED), pod("Succeeded", VERIFY_OK, null));
        assertEquals(Phase.Succeeded, done.status().phase());
        assertTrue(done.deleteTenantSecrets(), "no newer trigger: the pass purges as an end does");
        var again = step(done.status(), TRIGGER, TenantCredentials.Result.NOT_READ, JobState.ABSENT, CopierPodReport.NONE);
        assertEquals(Phase.Succeeded, again.status().phase(), "the same value does not start another pass");
        assertEquals(Phase.Pending, step(done.status(), GO.withManualTrigger("again"), TenantCredentials.Result.NOT_READ,
                JobState.ABSENT, CopierPodReport.NONE).status().phase());
    }

    @Test
    void eachEndedPassIsLastSyncAndJoinsTheHistoryOfTheLastTen() {
        SyncRecord first = DONE.lastSync();
        assertEquals(new SyncRecord(1, NOW.toString(), NOW.toString(), 0L, SyncRecord.Result.Succeeded, StatusReason.Succeeded.name(),
                0, 9L, 900L), first);
        assertEquals(List.of(first), DONE.history());
        assertNull(PASS_2.passStartTime(), "pass 2 has not started: it may wait for its Secrets or a quota slot");

        // Twelve more passes, the last one failing: the history keeps the last ten, oldest first.
        MigrationJobStatus s = DONE;
        Instant t = NOW;
        for (int i = 2; i <= 13; i++) {
            t = t.plusSeconds(3600);
            Observation.Switches sw = GO.withManualTrigger("pass-" + i);
            s = at(t, s, sw, TenantCredentials.Result.NOT_READ, JobState.ABSENT, CopierPodReport.NONE);
            s = at(t, s, sw, OK, JobState.ABSENT, CopierPodReport.NONE);
            s = at(t.plusSeconds(10), s, sw, OK, job(JobState.Kind.SUCCEEDED), pod("Succeeded", PREFLIGHT_OK, null));
            s = i < 13 ? at(t.plusSeconds(70), s, sw, OK, job(JobState.Kind.SUCCEEDED), pod("Succeeded", COPY_OK, null))
                    : at(t.plusSeconds(70), s, sw, OK, job(JobState.Kind.FAILED), pod("Failed", COPY_BAD, null));
            if (i < 13) {
                s = at(t.plusSeconds(100), s, sw, OK, job(JobState.Kind.SUCCEEDED), pod("Succeeded", VERIFY_OK, null));
            }
        }
        assertEquals(Phase.Failed, s.phase());
        assertEquals(10, s.history().size());
        assertEquals(List.of(4, 5, 6, 7, 8, 9, 10, 11, 12, 13), s.history().stream().map(SyncRecord::pass).toList());
        SyncRecord last = s.lastSync();
        assertEquals(last, s.history().get(9));
        assertEquals(SyncRecord.Result.Failed, last.result());
        assertEquals("NoSuchBucket", last.reason());
        assertEquals(ExitCode.FATAL.code(), last.exitCode());
        assertEquals(70L, last.durationSeconds());
        assertEquals(t.toString(), last.startTime());
        assertEquals(100L, s.history().get(8).durationSeconds(), "pre-flight, copy and verification");
        assertEquals(9L, s.history().get(8).objectsCopied());
    }

    private static MigrationJobStatus at(Instant when, MigrationJobStatus current, Observation.Switches sw,
                                         TenantCredentials.Result credentials, JobState job, CopierPodReport pod) {
        return Phases.decide(new Observation("m", 3, current, sw, Optional.empty(), credentials, Quotas.Admission.ALLOWED,
                job, pod, 20, when)).status();
    }

    @Test
    void aTriggerSetBeforeTheFirstPassStartedIsThatPasssValue() {
        var first = step(FRESH, TRIGGER, OK, JobState.ABSENT, CopierPodReport.NONE).status();
        assertEquals("cut-over", first.lastManualTrigger());
        assertEquals(1, first.pass());
        assertFalse(first.passRequested("cut-over"));
        assertTrue(first.passRequested("next"));
    }

    @Test
    void succeededTakesFinalCountsFromTheSummary() {
        var s = step(RUNNING, NO_VERIFY, OK, job(JobState.Kind.SUCCEEDED), pod("Succeeded", COPY_OK, null)).status();
        assertEquals(9, s.progress().objectsCopied());
        assertEquals(1, s.progress().objectsSkipped());
        assertEquals(100.0, s.progress().percent());
        assertEquals(NOW.toString(), s.completionTime());
        assertEquals("True", Conditions.find(s.conditions(), Conditions.COMPLETE).orElseThrow().getStatus());
        assertEquals("True", Conditions.find(s.conditions(), Conditions.READY).orElseThrow().getStatus());
        assertEquals("False", Conditions.find(s.conditions(), Conditions.STALLED).orElseThrow().getStatus());
        assertEquals("False", Conditions.find(s.conditions(), Conditions.RECONCILING).orElseThrow().getStatus());
    }

    @Test
    void failureCarriesTheCopiersWordsHintFirstFailuresAndLogTail() {
        var s = step(RUNNING, GO, OK, job(JobState.Kind.FAILED), pod("Failed", COPY_BAD, "line1\nboom")).status();
        assertTrue(s.message().startsWith("source bucket photos does not exist"), s.message());
        assertTrue(s.message().contains(Reason.NoSuchBucket.hint()), s.message());
        assertEquals(20, s.failures().size());
        assertEquals("k0", s.failures().get(0).key());
        assertEquals("line1\nboom", s.logTail());
        assertEquals("True", Conditions.find(s.conditions(), Conditions.FAILED).orElseThrow().getStatus());
        assertEquals("True", Conditions.find(s.conditions(), Conditions.STALLED).orElseThrow().getStatus());
        assertNotNull(s.completionTime());
    }

    @Test
    void preflightFailureMarksPreflightPassedFalse() {
        var s = step(IN_PREFLIGHT, GO, OK, job(JobState.Kind.FAILED), pod("Failed", PREFLIGHT_BAD, null)).status();
        var preflight = Conditions.find(s.conditions(), Conditions.PREFLIGHT_PASSED).orElseThrow();
        assertEquals("False", preflight.getStatus());
        assertEquals("AccessDenied", preflight.getReason());
        assertTrue(s.message().contains("probe PutObject denied"), s.message());
    }

    @Test
    void cancelKeepsCounts() {
        var running = step(RUNNING, GO, OK, job(JobState.Kind.RUNNING), pod("Running", null, PROGRESS_LOG)).status();
        var s = step(running, CANCEL, OK, job(JobState.Kind.RUNNING), CopierPodReport.NONE).status();
        assertEquals(4, s.progress().objectsCopied());
        assertNotNull(s.completionTime());
    }

    @Test
    void cancelWhileRunningKeepsTheCountsOfTheLastLogReadNotOfThePreviousPoll() {
        var polled = step(RUNNING, GO, OK, job(JobState.Kind.RUNNING), pod("Running", null, PROGRESS_LOG)).status();
        Progress later = new Progress(true, 10, 7, 1, 1, 1000, 700, 50, "k8");
        String log = ProtocolJson.write(new ProgressLine("copying", later)) + "\n"
                + ProtocolJson.write(new ObjectFailedLine(new Failure("k6", "SlowDown")));

        var s = step(polled, CANCEL, OK, job(JobState.Kind.RUNNING), pod("Running", null, log)).status();

        assertEquals(Phase.Cancelled, s.phase());
        assertEquals(7, s.progress().objectsCopied());
        assertEquals(0, s.progress().bytesPerSecond(), "a stopped run has no rate");
        assertEquals("k8", s.checkpoint().lastKey());
        assertEquals(List.of(new Failure("k6", "SlowDown")), s.failures());
    }

    @Test
    void theLogIsReadOneLastTimeWhenACancelOrPauseStopsARunningCopier() {
        assertTrue(Phases.readsLog(Phase.Running, GO, JobState.Kind.RUNNING));
        assertTrue(Phases.readsLog(Phase.Preflight, GO, JobState.Kind.FAILED));
        assertFalse(Phases.readsLog(Phase.Running, GO, JobState.Kind.WAITING));
        assertTrue(Phases.readsLog(Phase.Running, CANCEL, JobState.Kind.WAITING), "cancel: last read before the Job is deleted");
        assertTrue(Phases.readsLog(Phase.Running, SUSPEND, JobState.Kind.SUCCEEDED), "pause: last read before the Job is suspended");
        assertFalse(Phases.readsLog(Phase.Paused, SUSPEND, JobState.Kind.WAITING), "nothing runs while paused");
        assertFalse(Phases.readsLog(Phase.Queued, CANCEL, JobState.ABSENT.kind()));
    }

    @Test
    void warningsForStalledAndFailedNormalOtherwise() {
        assertTrue(step(FRESH, GO, MISSING, JobState.ABSENT, CopierPodReport.NONE).events().get(0).warning());
        assertFalse(step(FRESH, GO, OK, JobState.ABSENT, CopierPodReport.NONE).events().get(0).warning());
        assertTrue(step(RUNNING, GO, OK, job(JobState.Kind.FAILED), CopierPodReport.NONE).events().get(0).warning());
        assertFalse(decide(FRESH, GO, OK, Optional.empty(), FULL, JobState.ABSENT, CopierPodReport.NONE).events().get(0).warning());
    }

    @Test
    void conditionKeepsItsTransitionTimeWhileStatusIsUnchanged() {
        var first = step(RUNNING, GO, OK, job(JobState.Kind.RUNNING), pod("Running", null, PROGRESS_LOG)).status();
        var later = Phases.decide(new Observation("m", 3, first, GO, Optional.empty(), OK, Quotas.Admission.ALLOWED,
                job(JobState.Kind.RUNNING), pod("Running", null, PROGRESS_LOG), 20, NOW.plusSeconds(60)));
        assertEquals(NOW.toString(), Conditions.find(later.status().conditions(), Conditions.RECONCILING).orElseThrow().getLastTransitionTime());
        assertTrue(later.events().isEmpty());
        assertNull(later.create().orElse(null));
    }

    @Test
    void aScheduledMigrationJobShowsWhenItsNextPassStarts() {
        assertNull(DONE.nextSyncTime(), "no schedule, no next time");
        assertEquals("2026-11-22T09:00:00Z", DONE_SCHEDULED.nextSyncTime());
        assertEquals(2, SCHEDULED_PASS.passes());
        assertNull(SCHEDULED_PASS.nextSyncTime(), "none while a pass runs");
        assertNull(SCHEDULED_PASS.lastManualTrigger(), "a scheduled pass runs for no manual value");
        assertNull(stepAt(NOW.plusSeconds(1800), DONE_SCHEDULED, GO, TenantCredentials.Result.NOT_READ, JobState.ABSENT,
                CopierPodReport.NONE).status().nextSyncTime(), "schedule removed");
        // A manual trigger on a scheduled MigrationJob starts its pass at once, the schedule goes on after it.
        Decision manual = stepAt(NOW.plusSeconds(600), DONE_SCHEDULED, HOURLY.withManualTrigger("now"),
                TenantCredentials.Result.NOT_READ, JobState.ABSENT, CopierPodReport.NONE);
        assertEquals(StatusReason.PassTriggered.name(), Conditions.find(manual.status().conditions(), Conditions.READY).orElseThrow().getReason());
        assertEquals("now", manual.status().lastManualTrigger());
    }

    @Test
    void aPassStillRunningWhenTheNextIsDueIsNotDoubledAndTheMissedTimeIsSkipped() {
        Instant ten = NINE.plusSeconds(3600);
        MigrationJobStatus s = at(NINE, SCHEDULED_PASS, HOURLY, OK, JobState.ABSENT, CopierPodReport.NONE);
        s = at(NINE.plusSeconds(30), s, HOURLY, OK, job(JobState.Kind.SUCCEEDED), pod("Succeeded", PREFLIGHT_OK, null));
        assertEquals(Phase.Running, s.phase());
        Decision atTen = stepAt(ten, s, HOURLY, OK, job(JobState.Kind.RUNNING), pod("Running", null, PROGRESS_LOG));
        assertEquals(Phase.Running, atTen.status().phase(), "10:00 comes while pass 2 copies");
        assertTrue(atTen.create().isEmpty(), "no second pass");
        assertNull(atTen.status().nextSyncTime());
        s = at(ten.plusSeconds(1800), atTen.status(), HOURLY, OK, job(JobState.Kind.SUCCEEDED), pod("Succeeded", COPY_OK, null));
        s = at(ten.plusSeconds(2400), s, HOURLY, OK, job(JobState.Kind.SUCCEEDED), pod("Succeeded", VERIFY_OK, null));
        assertEquals(Phase.Succeeded, s.phase());
        assertEquals(2, s.passes());
        assertEquals("2026-11-22T11:00:00Z", s.nextSyncTime(), "10:00 passed while it ran: skipped, the next is 11:00");
        assertEquals(Phase.Succeeded, at(ten.plusSeconds(2460), s, HOURLY, TenantCredentials.Result.NOT_READ, JobState.ABSENT,
                CopierPodReport.NONE).phase(), "not started at once when the overrunning pass ends");
        MigrationJobStatus third = at(ten.plusSeconds(3600), s, HOURLY, TenantCredentials.Result.NOT_READ, JobState.ABSENT, CopierPodReport.NONE);
        assertEquals(Phase.Pending, third.phase());
        assertEquals(3, third.passes());
    }

    @Test
    void theReconcilerWakesJustAfterTheNextSyncTime() {
        assertEquals(java.time.Duration.ofMinutes(60).plusMillis(500), ScheduledPass.wakeAfter("2026-11-22T09:00:00Z", NOW));
        assertEquals(java.time.Duration.ofSeconds(1), ScheduledPass.wakeAfter("2026-11-22T07:00:00Z", NOW), "overdue: at once, not in a loop");
    }
}
