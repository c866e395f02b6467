package io.s3migration.operator.reconcile;

import io.s3migration.operator.api.MigrationJobStatus;
import io.s3migration.operator.api.Phase;
import io.s3migration.operator.api.ReportStatus;
import io.s3migration.operator.api.StatusReason;
import io.s3migration.operator.api.SyncRecord;
import io.s3migration.operator.progress.CopierPodReport;
import io.s3migration.operator.resources.TenantCredentials;
import io.s3migration.protocol.ExitCode;
import io.s3migration.protocol.Failure;
import io.s3migration.protocol.Mode;
import io.s3migration.protocol.Progress;
import io.s3migration.protocol.Reason;
import io.s3migration.protocol.Summary;
import io.s3migration.protocol.Verification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static io.s3migration.operator.reconcile.PhasesTest.GO;
import static io.s3migration.operator.reconcile.PhasesTest.HOURLY;
import static io.s3migration.operator.reconcile.PhasesTest.NINE;
import static io.s3migration.operator.reconcile.PhasesTest.OK;
import static io.s3migration.operator.reconcile.PhasesTest.RUNNING;
import static io.s3migration.operator.reconcile.PhasesTest.VERIFYING;
import static io.s3migration.operator.reconcile.PhasesTest.VERIFY_DIFF;
import static io.s3migration.operator.reconcile.PhasesTest.VERIFY_OK;
import static io.s3migration.operator.reconcile.PhasesTest.job;
import static io.s3migration.operator.reconcile.PhasesTest.pod;
import static io.s3migration.operator.reconcile.PhasesTest.step;
import static io.s3migration.operator.reconcile.PhasesTest.stepAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15: how a pass ends on its verification (VerifyingPhase's table): objects written to the source during the pass
 * apart from true differences, a scheduled MigrationJob that waits for its next pass instead of failing, the report key.
 */
class VerificationOutcomeTest {
    /** Only objects written after the pass started differ. */
    static final Summary VERIFY_CHANGED = new Summary(Mode.VERIFY, ExitCode.PARTIAL, Reason.SourceChangedDuringPass,
            "verified 10 objects: 8 matched, 0 missing, 0 mismatched, 2 changed at the source during the pass",
            new Progress(true, 10, 0, 8, 2, 1000, 0, 0, "k9"),
            List.of(new Failure("k3", "missing; changed at the source during the pass"), new Failure("k7", "size differs; changed")),
            new Verification(8, 0, 0, 800, 2));
    /** A true difference and a write during the pass. */
    static final Summary VERIFY_BOTH = new Summary(Mode.VERIFY, ExitCode.PARTIAL, Reason.VerificationFailed,
            "verified 10 objects: 8 matched, 1 missing, 0 mismatched, 1 changed", new Progress(true, 10, 0, 8, 2, 1000, 0, 0, "k9"),
            List.of(new Failure("k3", "missing"), new Failure("k7", "changed")), new Verification(8, 1, 0, 800, 1));
    static final Observation.Switches SINGLE = GO;

    /** One row: the verify run's summary, single pass or scheduled, and how the pass ends. */
    record Row(String name, Summary verify, Observation.Switches switches, Phase phase, String reason, boolean failedCondition,
               boolean tenantSecretsPurged, boolean nextPassScheduled) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> rows() {
        return Stream.of(
                new Row("single pass, only writes during the pass: Succeeded, Consistent=False SourceChangedDuringPass",
                        VERIFY_CHANGED, SINGLE, Phase.Succeeded, StatusReason.SourceChangedDuringPass.name(), false, true, false),
                new Row("scheduled, only writes during the pass: Succeeded, waits for the next pass",
                        VERIFY_CHANGED, HOURLY, Phase.Succeeded, StatusReason.SourceChangedDuringPass.name(), false, false, true),
                new Row("single pass, true differences: Failed VerificationFailed (as before)",
                        VERIFY_DIFF, SINGLE, Phase.Failed, Reason.VerificationFailed.name(), true, true, false),
                new Row("scheduled, true differences: Succeeded with Consistent=False, waits for the next pass",
                        VERIFY_DIFF, HOURLY, Phase.Succeeded, Reason.VerificationFailed.name(), false, false, true),
                new Row("single pass, true differences and writes: the true ones decide, Failed",
                        VERIFY_BOTH, SINGLE, Phase.Failed, Reason.VerificationFailed.name(), true, true, false),
                new Row("scheduled, true differences and writes: Succeeded, VerificationFailed",
                        VERIFY_BOTH, HOURLY, Phase.Succeeded, Reason.VerificationFailed.name(), false, false, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void aPassEndsOnItsVerificationAsTheTableSays(Row row) {
        Decision d = step(VERIFYING, row.switches(), OK, job(JobState.Kind.FAILED), pod("Failed", row.verify(), "x"));
        MigrationJobStatus s = d.status();

        assertEquals(row.phase(), s.phase());
        var consistent = Conditions.find(s.conditions(), Conditions.CONSISTENT).orElseThrow();
        assertEquals("False", consistent.getStatus(), "any difference: not consistent");
        assertEquals(row.reason(), consistent.getReason());
        assertEquals(row.reason(), Conditions.find(s.conditions(), Conditions.READY).orElseThrow().getReason(),
                "the Reason column shows what the verification found");
        assertEquals(row.failedCondition(), Conditions.find(s.conditions(), Conditions.FAILED).isPresent(), "Failed condition");
        assertEquals(!row.failedCondition(), Conditions.find(s.conditions(), Conditions.COMPLETE).isPresent(), "Complete condition");
        assertEquals(row.tenantSecretsPurged(), d.deleteTenantSecrets(), "a schedule keeps the Secrets for its next pass");
        assertEquals(row.nextPassScheduled(), s.nextSyncTime() != null, "nextSyncTime");
        assertEquals(row.verify().verification().objectsChangedDuringPass(), s.verification().objectsChangedDuringPass());
        assertEquals(List.of("k3", "k7"), s.failures().stream().map(Failure::key).toList(), "the differences among the failures");
        SyncRecord pass = s.lastSync();
        assertEquals(SyncRecord.Result.valueOf(row.phase().name()), pass.result());
        assertEquals(row.reason(), pass.reason(), "the pass's record says what its verification found");
        assertEquals(List.of(pass), s.history());
    }

    @Test
    void writesDuringThePassTellTheUserToStopWritesAndPassAgain() {
        MigrationJobStatus s = step(VERIFYING, SINGLE, OK, job(JobState.Kind.FAILED), pod("Failed", VERIFY_CHANGED, "x")).status();
        assertTrue(s.message().contains("2 objects were written to the source after the pass started"), s.message());
        assertTrue(s.message().contains("stop writes to the source, then trigger another pass (spec.trigger.manual)"), s.message());
        MigrationJobStatus scheduled = step(VERIFYING, HOURLY, OK, job(JobState.Kind.FAILED), pod("Failed", VERIFY_CHANGED, "x")).status();
        assertTrue(scheduled.message().contains("or wait for the next scheduled one"), scheduled.message());
    }

    @Test
    void aScheduledMigrationJobWithDifferencesRunsItsNextPassWhichClearsTheOldVerdict() {
        MigrationJobStatus differed = step(VERIFYING, HOURLY, OK, job(JobState.Kind.FAILED), pod("Failed", VERIFY_DIFF, "x")).status();
        assertEquals("2026-11-22T09:00:00Z", differed.nextSyncTime());
        assertTrue(differed.message().contains("the next scheduled pass (status.nextSyncTime) copies"), differed.message());

        Decision next = stepAt(NINE, differed, HOURLY, TenantCredentials.Result.NOT_READ, JobState.ABSENT, CopierPodReport.NONE);
        assertEquals(Phase.Pending, next.status().phase());
        assertEquals(2, next.status().passes());
        assertEquals(StatusReason.PassScheduled.name(), Conditions.find(next.status().conditions(), Conditions.READY).orElseThrow().getReason());
        assertTrue(Conditions.find(next.status().conditions(), Conditions.CONSISTENT).isEmpty(), "the old verdict does not answer for this pass");
    }

    @Test
    void theReportKeyOfTheLastRunIsShownAndANewPassClearsIt() {
        Summary copied = PhasesTest.COPY_OK.withReportKey("r/m/1-20261122T075900.000Z.jsonl");
        MigrationJobStatus verifying = step(RUNNING, GO, OK, job(JobState.Kind.SUCCEEDED), pod("Succeeded", copied, null)).status();
        assertEquals(new ReportStatus("r/m/1-20261122T075900.000Z.jsonl"), verifying.report(), "the copy's report while verifying");

        MigrationJobStatus done = step(verifying, GO, OK, job(JobState.Kind.SUCCEEDED),
                pod("Succeeded", VERIFY_OK.withReportKey("r/m/1-20261122T080000.000Z.jsonl"), null)).status();
        assertEquals(new ReportStatus("r/m/1-20261122T080000.000Z.jsonl"), done.report(), "the pass's last run's report");

        MigrationJobStatus noKey = step(verifying, GO, OK, job(JobState.Kind.SUCCEEDED), pod("Succeeded", VERIFY_OK, null)).status();
        assertEquals(verifying.report(), noKey.report(), "a run without a report keeps the one shown");

        MigrationJobStatus pass2 = step(done, GO.withManualTrigger("again"), TenantCredentials.Result.NOT_READ, JobState.ABSENT,
                CopierPodReport.NONE).status();
        assertNull(pass2.report(), "a new pass shows its own report, not the last one's");
        assertNotNull(done.completionTime());
    }
}
