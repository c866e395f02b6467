package io.s3migration.operator.reconcile;

import io.s3migration.operator.api.MigrationJobStatus;
import io.s3migration.operator.api.Phase;
import io.s3migration.operator.progress.CopierPodReport;
import io.s3migration.operator.resources.TenantCredentials;
import io.s3migration.protocol.ExitCode;
import io.s3migration.protocol.Mode;
import io.s3migration.protocol.Progress;
import io.s3migration.protocol.ProgressLine;
import io.s3migration.protocol.ProtocolJson;
import io.s3migration.protocol.Reason;
import io.s3migration.protocol.Summary;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The phase machine, one row per situation: observation in, phase / reason / actions / event out. */
class PhasesTest {
    static final Instant NOW = Instant.parse("2026-11-22T08:00:00Z");
    static final TenantCredentials.Result OK = new TenantCredentials.Result(Map.of("k", "dg=="), null, null);
    static final TenantCredentials.Result MISSING = TenantCredentials.Result.problem("SecretNotFound", "Secret 'x' does not exist");
    static final Progress HALF = new Progress(true, 10, 4, 1, 0, 1000, 400, 50, "k4");
    static final String PROGRESS_LOG = "starting\n" + ProtocolJson.write(new ProgressLine("copying", HALF)) + "\n{garbled";
    static final Summary OK_SUMMARY = new Summary(Mode.COPY, ExitCode.SUCCEEDED, null, "done",
            new Progress(true, 10, 9, 1, 0, 1000, 900, 50, "k9"), List.of(), null);
    static final Summary BAD_SUMMARY = new Summary(Mode.COPY, ExitCode.FATAL, Reason.NoSuchBucket, "source bucket photos does not exist",
            Progress.NONE, List.of(), null);

    static final MigrationJobStatus FRESH = MigrationJobStatus.EMPTY;
    static final MigrationJobStatus CREATED = FRESH.withJobName("m-1").withPhase(Phase.Pending, "Creating Job m-1");
    static final MigrationJobStatus RUNNING = CREATED.withPhase(Phase.Running, "Copying").withStartTime("2026-11-22T07:00:00Z");

    static JobState job(JobState.Kind kind) {
        return new JobState(kind, kind == JobState.Kind.FAILED ? "BackoffLimitExceeded" : null,
                kind == JobState.Kind.FAILED ? "Job has reached the specified backoff limit" : null);
    }

    static CopierPodReport pod(String phase, String termination, String log) {
        return new CopierPodReport("m-1-abc", phase, termination, termination == null ? null : 0, log);
    }

    record Row(String name, MigrationJobStatus current, TenantCredentials.Result credentials, JobState job, CopierPodReport pod,
               Phase phase, String reason, boolean apply, boolean deleteCredentials, String event) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> rows() {
        return Stream.of(
                new Row("fresh, secrets present -> create resources and Job", FRESH, OK, JobState.ABSENT, CopierPodReport.NONE,
                        Phase.Pending, Phases.JOB_CREATED, true, false, Phases.JOB_CREATED),
                new Row("fresh, secret missing -> stalled, no Job", FRESH, MISSING, JobState.ABSENT, CopierPodReport.NONE,
                        Phase.Pending, "SecretNotFound", false, false, "SecretNotFound"),
                new Row("still missing -> no repeated event", stalled(), MISSING, JobState.ABSENT, CopierPodReport.NONE,
                        Phase.Pending, "SecretNotFound", false, false, null),
                new Row("Job exists, pod not started", CREATED, OK, job(JobState.Kind.WAITING), CopierPodReport.NONE,
                        Phase.Pending, Phases.JOB_PENDING, true, false, Phases.JOB_PENDING),
                new Row("Job exists but tenant Secret gone -> keep waiting, do not touch resources", CREATED, MISSING,
                        job(JobState.Kind.WAITING), CopierPodReport.NONE, Phase.Pending, Phases.JOB_PENDING, false, false, Phases.JOB_PENDING),
                new Row("pod runs -> Running", CREATED, OK, job(JobState.Kind.RUNNING), pod("Running", null, PROGRESS_LOG),
                        Phase.Running, Phases.COPYING, true, false, Phases.COPYING),
                new Row("Job complete -> Succeeded, credentials deleted", RUNNING, OK, job(JobState.Kind.SUCCEEDED),
                        pod("Succeeded", ProtocolJson.write(OK_SUMMARY), null), Phase.Succeeded, Phases.SUCCEEDED, false, true, Phases.SUCCEEDED),
                new Row("Job failed with summary -> Failed with the copier's reason", RUNNING, OK, job(JobState.Kind.FAILED),
                        pod("Failed", ProtocolJson.write(BAD_SUMMARY), null), Phase.Failed, "NoSuchBucket", false, true, "NoSuchBucket"),
                new Row("Job failed, garbled termination message -> the Job's reason", RUNNING, OK, job(JobState.Kind.FAILED),
                        pod("Failed", "{\"type\":\"summ", null), Phase.Failed, "BackoffLimitExceeded", false, true, "BackoffLimitExceeded"),
                new Row("Job vanished after creation -> Failed, never a second Job", RUNNING, OK, JobState.ABSENT, CopierPodReport.NONE,
                        Phase.Failed, Phases.JOB_DELETED, false, true, Phases.JOB_DELETED),
                new Row("terminal stays terminal and keeps deleting the copy", succeeded(), OK, JobState.ABSENT, CopierPodReport.NONE,
                        Phase.Succeeded, Phases.SUCCEEDED, false, true, null));
    }

    static MigrationJobStatus stalled() {
        return Phases.decide(observe(FRESH, MISSING, JobState.ABSENT, CopierPodReport.NONE)).status();
    }

    static MigrationJobStatus succeeded() {
        return Phases.decide(observe(RUNNING, OK, job(JobState.Kind.SUCCEEDED), pod("Succeeded", ProtocolJson.write(OK_SUMMARY), null))).status();
    }

    static Phases.Observation observe(MigrationJobStatus current, TenantCredentials.Result credentials, JobState job, CopierPodReport pod) {
        return new Phases.Observation(3, current, credentials, "m-1", job, pod, NOW);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void decides(Row row) {
        Phases.Decision d = Phases.decide(observe(row.current(), row.credentials(), row.job(), row.pod()));
        assertEquals(row.phase(), d.status().phase());
        assertEquals(row.reason(), Conditions.find(d.status().conditions(), Conditions.READY).orElseThrow().getReason());
        assertEquals(row.apply(), d.applyResources(), "applyResources");
        assertEquals(row.deleteCredentials(), d.deleteCredentials(), "deleteCredentials");
        assertEquals(row.event(), d.event().map(Phases.Event::reason).orElse(null), "event");
        assertEquals(3L, d.status().observedGeneration());
        d.status().conditions().forEach(c -> assertEquals(3L, c.getObservedGeneration(), c.getType()));
        assertEquals(row.phase().isTerminal(), d.terminal());
    }

    @Test
    void runningReadsTheNewestProgressLine() {
        var d = Phases.decide(observe(CREATED, OK, job(JobState.Kind.RUNNING), pod("Running", null, PROGRESS_LOG)));
        assertEquals(4, d.status().progress().objectsCopied());
        assertEquals(50.0, d.status().progress().percent());
        assertEquals("5/10", d.status().progress().objects());
        assertEquals(NOW.toString(), d.status().startTime());
        assertTrue(d.status().message().contains("5/10"), d.status().message());
        assertEquals("True", Conditions.find(d.status().conditions(), Conditions.RECONCILING).orElseThrow().getStatus());
    }

    @Test
    void runningWithoutAReadableLineKeepsTheLastProgress() {
        var first = Phases.decide(observe(CREATED, OK, job(JobState.Kind.RUNNING), pod("Running", null, PROGRESS_LOG))).status();
        var next = Phases.decide(observe(first, OK, job(JobState.Kind.RUNNING), pod("Running", null, "{garbage\nnot json"))).status();
        assertEquals(first.progress(), next.progress());
        assertEquals(first.startTime(), next.startTime());
    }

    @Test
    void succeededTakesFinalCountsFromTheSummary() {
        var s = succeeded();
        assertEquals(9, s.progress().objectsCopied());
        assertEquals(1, s.progress().objectsSkipped());
        assertEquals(100.0, s.progress().percent());
        assertEquals(NOW.toString(), s.completionTime());
        assertEquals("2026-11-22T07:00:00Z", s.startTime());
        assertEquals("True", Conditions.find(s.conditions(), Conditions.COMPLETE).orElseThrow().getStatus());
        assertEquals("True", Conditions.find(s.conditions(), Conditions.READY).orElseThrow().getStatus());
        assertEquals("False", Conditions.find(s.conditions(), Conditions.STALLED).orElseThrow().getStatus());
    }

    @Test
    void failureMessageIsTheCopiersWordsPlusTheHint() {
        var s = Phases.decide(observe(RUNNING, OK, job(JobState.Kind.FAILED), pod("Failed", ProtocolJson.write(BAD_SUMMARY), null))).status();
        assertTrue(s.message().startsWith("source bucket photos does not exist"), s.message());
        assertTrue(s.message().contains(Reason.NoSuchBucket.hint()), s.message());
        assertEquals("True", Conditions.find(s.conditions(), Conditions.FAILED).orElseThrow().getStatus());
        assertEquals("True", Conditions.find(s.conditions(), Conditions.STALLED).orElseThrow().getStatus());
        assertNotNull(s.completionTime());
    }

    @Test
    void warningsForStalledAndFailedNormalOtherwise() {
        assertTrue(Phases.decide(observe(FRESH, MISSING, JobState.ABSENT, CopierPodReport.NONE)).event().orElseThrow().warning());
        assertFalse(Phases.decide(observe(FRESH, OK, JobState.ABSENT, CopierPodReport.NONE)).event().orElseThrow().warning());
        assertTrue(Phases.decide(observe(RUNNING, OK, job(JobState.Kind.FAILED), CopierPodReport.NONE)).event().orElseThrow().warning());
    }

    @Test
    void conditionKeepsItsTransitionTimeWhileStatusIsUnchanged() {
        var first = Phases.decide(observe(CREATED, OK, job(JobState.Kind.RUNNING), pod("Running", null, PROGRESS_LOG))).status();
        var later = Phases.decide(new Phases.Observation(3, first, OK, "m-1", job(JobState.Kind.RUNNING),
                pod("Running", null, PROGRESS_LOG), NOW.plusSeconds(60))).status();
        assertEquals(NOW.toString(), Conditions.find(later.conditions(), Conditions.RECONCILING).orElseThrow().getLastTransitionTime());
        assertNull(Phases.decide(new Phases.Observation(3, first, OK, "m-1", job(JobState.Kind.RUNNING),
                pod("Running", null, PROGRESS_LOG), NOW.plusSeconds(60))).event().orElse(null));
    }
}
