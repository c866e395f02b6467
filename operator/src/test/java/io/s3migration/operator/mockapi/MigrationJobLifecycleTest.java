package io.s3migration.operator.mockapi;

import io.s3migration.operator.reconcile.Conditions;
import io.s3migration.operator.reconcile.Fixtures;
import io.s3migration.operator.support.FixedHostResolver;
import io.s3migration.operator.resources.CopierJob;
import io.s3migration.operator.api.StatusReason;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.s3migration.operator.api.CredentialsRetention;
import io.s3migration.operator.api.MigrationJob;
import io.s3migration.operator.api.MigrationJobSpec;
import io.s3migration.operator.api.MigrationJobStatus;
import io.s3migration.operator.api.Phase;
import io.s3migration.operator.observe.MigrationMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.s3migration.operator.resources.EgressNetworkPolicy;
import io.s3migration.operator.resources.Labels;
import io.s3migration.operator.resources.StartLedgerConfigMap;
import io.s3migration.protocol.CheckpointCounts;
import io.s3migration.protocol.CopierConfig;
import io.s3migration.protocol.CopierEnv;
import io.s3migration.protocol.SideSetting;
import io.s3migration.protocol.CopierSettings;
import io.s3migration.protocol.CredentialFiles;
import io.s3migration.protocol.ExitCode;
import io.s3migration.protocol.Failure;
import io.s3migration.protocol.Mode;
import io.s3migration.protocol.Progress;
import io.s3migration.protocol.ProgressLine;
import io.s3migration.protocol.ProtocolJson;
import io.s3migration.operator.api.Checkpoint;
import io.s3migration.protocol.ObjectFailedLine;
import io.s3migration.protocol.Reason;
import io.s3migration.protocol.Summary;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every transition of the phase machine against the Fabric8 mock API server (CRUD mode), with the test playing
 * Job controller and kubelet (pods, termination messages, logs). Each test uses its own namespace.
 */
@QuarkusTest
@WithKubernetesTestServer
class MigrationJobLifecycleTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    KubernetesClient client;

    @KubernetesTestServer
    io.quarkus.test.kubernetes.client.KubernetesServer server;

    @Inject
    MeterRegistry registry;

    @Test
    void preflightThenCopyJobsAreHardenedAndOwnTheirSecretNetworkPolicyAndServiceAccount() {
        String ns = "hardened";
        MigrationJob mj = start(ns, "photos");
        Job preflight = awaitJob(ns, "photos-preflight");
        MigrationJobStatus status = awaitStatus(ns, "photos", s -> s.phase() == Phase.Preflight);
        assertEquals("photos-preflight", status.jobName());
        assertNotNull(status.startTime());
        assertHardened(ns, mj, preflight, Mode.PREFLIGHT, null);
        assertEquals(1, jobsOf(ns, "photos").size(), "no copy Job before the pre-flight passed");

        // Credentials Secret: exactly the copier's four files, values copied from the tenant Secrets.
        Secret credentials = client.secrets().inNamespace(ns).withName("photos-credentials").get();
        assertEquals(Map.of(
                CredentialFiles.SOURCE_ACCESS_KEY_ID, Fixtures.b64(Fixtures.SOURCE_KEY_ID),
                CredentialFiles.SOURCE_SECRET_ACCESS_KEY, Fixtures.b64(Fixtures.SOURCE_SECRET),
                CredentialFiles.DESTINATION_ACCESS_KEY_ID, Fixtures.b64(Fixtures.DEST_KEY_ID),
                CredentialFiles.DESTINATION_SECRET_ACCESS_KEY, Fixtures.b64(Fixtures.DEST_SECRET)), credentials.getData());
        assertOwnedBy(mj, credentials.getMetadata().getOwnerReferences());
        var sa = client.serviceAccounts().inNamespace(ns).withName("photos-copier").get();
        assertEquals(Boolean.FALSE, sa.getAutomountServiceAccountToken());
        assertOwnedBy(mj, sa.getMetadata().getOwnerReferences());
        assertEgressPolicy(ns, mj);

        Fixtures.finishWith(client, preflight, Fixtures.preflightPassed());
        Job copy = awaitJob(ns, "photos-1");
        status = awaitStatus(ns, "photos", s -> s.phase() == Phase.Running);
        assertCondition(status, Conditions.PREFLIGHT_PASSED, "True", StatusReason.PreflightPassed.name());
        assertEquals(1, status.attempt());
        assertEquals("photos-1", status.jobName());
        assertHardened(ns, mj, copy, Mode.COPY, null);
        assertEventWithReason(ns, "photos", StatusReason.PreflightPassed.name());
        assertEventWithReason(ns, "photos", StatusReason.Started.name());
    }

    @Test
    void runningReportsProgressFromTheLogThenSucceedsWithFinalCountsAndCleansUp() {
        String ns = "success";
        Progress half = new Progress(true, 230, 100, 14, 1, 50_000_000L, 20_000_000L, 1_000_000L, "k/0114.jpg");
        Copying copying = copying(ns, "books", "{\"type\":\"progress\"...garbled\n" + ProtocolJson.write(new ProgressLine("copying", half)));
        MigrationJobStatus running = awaitStatus(ns, "books", s -> s.phase() == Phase.Running && s.progress() != null);
        assertEquals(100, running.progress().objectsCopied());
        assertEquals(50.0, running.progress().percent());
        assertEquals("114/230", running.progress().objects());
        assertEquals(30L, running.progress().etaSeconds());
        assertEquals("30s", running.progress().eta());
        assertEquals("976.6 KiB/s", running.progress().rate());
        assertEquals("k/0114.jpg", running.checkpoint().lastKey());
        assertCondition(running, Conditions.RECONCILING, "True", StatusReason.Copying.name());

        Progress done = new Progress(true, 230, 200, 28, 2, 50_000_000L, 48_000_000L, 1_000_000L, "z/last.jpg");
        Summary summary = new Summary(Mode.COPY, ExitCode.SUCCEEDED, null, "copied", done,
                List.of(new Failure("a/1", "InternalError"), new Failure("a/2", "SlowDown")), null);
        client.pods().resource(copying.pod()).delete();
        Fixtures.finishWith(client, copying.job(), summary);

        // spec.verification defaults to AfterCopy: the copy is followed by a verify Job, hardened like the others.
        MigrationJobStatus verifying = awaitStatus(ns, "books", s -> s.phase() == Phase.Verifying);
        assertEquals("books-v1", verifying.jobName());
        assertEquals(200, verifying.progress().objectsCopied(), "the copy's counts stay shown while verifying");
        assertCondition(verifying, Conditions.RECONCILING, "True", StatusReason.VerificationRunning.name());
        Job verify = awaitJob(ns, "books-v1");
        assertHardened(ns, client.resources(MigrationJob.class).inNamespace(ns).withName("books").get(), verify, Mode.VERIFY, null);
        assertNotNull(client.secrets().inNamespace(ns).withName("books-src").get(), "the tenant's Secrets stay until the pass ends");
        Fixtures.finishWith(client, verify, new Summary(Mode.VERIFY, ExitCode.SUCCEEDED, null, "verified 230 objects",
                new Progress(true, 230, 0, 230, 0, 50_000_000L, 0, 0, "z/last.jpg"), List.of(),
                new io.s3migration.protocol.Verification(230, 0, 0, 50_000_000L)));

        MigrationJobStatus status = awaitStatus(ns, "books", s -> s.phase() == Phase.Succeeded);
        assertEquals(new io.s3migration.operator.api.VerificationStatus(status.verification().checkedAt(), 230, 0, 0, 50_000_000L),
                status.verification());
        assertNotNull(status.verification().checkedAt());
        assertCondition(status, Conditions.CONSISTENT, "True", StatusReason.VerificationPassed.name());
        assertEquals(230, status.progress().objectsTotal());
        assertEquals(200, status.progress().objectsCopied());
        assertEquals(28, status.progress().objectsSkipped());
        assertEquals(2, status.progress().objectsFailed());
        assertEquals(48_000_000L, status.progress().bytesCopied());
        assertEquals(100.0, status.progress().percent());
        assertEquals("228/230", status.progress().objects());
        assertEquals(List.of(new Failure("a/1", "InternalError"), new Failure("a/2", "SlowDown")), status.failures());
        assertEquals("z/last.jpg", status.checkpoint().lastKey());
        assertNotNull(status.completionTime());
        assertCondition(status, Conditions.READY, "True", StatusReason.Succeeded.name());
        assertCondition(status, Conditions.COMPLETE, "True", StatusReason.Succeeded.name());
        assertCondition(status, Conditions.RECONCILING, "False", StatusReason.Succeeded.name());
        assertCondition(status, Conditions.STALLED, "False", StatusReason.Succeeded.name());
        awaitGone(ns, "books-credentials");
        awaitGone(ns, "books-src");   // DeleteWhenDone (the default): the tenant's Secrets go too
        awaitGone(ns, "books-dst");
        assertEventWithReason(ns, "books", StatusReason.Succeeded.name());
        assertEquals(List.of("books-1", "books-preflight", "books-v1"), jobNames(ns, "books").stream().sorted().toList());
        sleep(1500);   // time for a reconcile that read the status from before its last write to repeat the transition
        for (String reason : List.of(StatusReason.PreflightPassed.name(), StatusReason.Started.name(), StatusReason.Copied.name(),
                StatusReason.VerificationPassed.name(), StatusReason.Succeeded.name())) {
            assertEquals(1, eventsWithReason(ns, "books", reason), "one " + reason + " Event");
        }
    }

    /**
     * The status write of a transition loses a race once (409, as when the API server has a newer version): nothing
     * of that decision is reported, it is made again, and each Event of the transition goes out once. No reconcile
     * error is counted for the conflict.
     */
    @Test
    void aStatusWriteThatConflictsIsDecidedAgainAndEmitsItsEventsOnce() {
        String ns = "conflict";
        start(ns, "tiles");
        Job preflight = awaitJob(ns, "tiles-preflight");
        awaitStatus(ns, "tiles", s -> s.phase() == Phase.Preflight);
        sleep(1000);
        double errorsBefore = reconcileErrors();
        server.expect().patch().withPath("/apis/s3migration.io/v1alpha1/namespaces/" + ns + "/migrationjobs/tiles/status")
                .andReturn(409, new StatusBuilder().withStatus("Failure").withCode(409).withReason("Conflict")
                        .withMessage("Operation cannot be fulfilled on migrationjobs.s3migration.io \"tiles\": the object has"
                                + " been modified; please apply your changes to the latest version and try again").build())
                .once();

        Fixtures.finishWith(client, preflight, Fixtures.preflightPassed());

        MigrationJobStatus running = awaitStatus(ns, "tiles", s -> s.phase() == Phase.Running);
        assertEquals("tiles-1", running.jobName());
        sleep(2000);
        assertEquals(1, eventsWithReason(ns, "tiles", StatusReason.PreflightPassed.name()));
        assertEquals(1, eventsWithReason(ns, "tiles", StatusReason.Started.name()));
        assertEquals(List.of("tiles-1", "tiles-preflight"), jobNames(ns, "tiles").stream().sorted().toList());
        assertEquals(errorsBefore, reconcileErrors(), "a conflict is not a reconcile error");
    }

    @Test
    void copyFailureEndsInFailedWithTheCopiersMessage() {
        String ns = "copyfail";
        runToCopy(ns, "music");
        Job job = awaitJob(ns, "music-1");
        Summary summary = new Summary(Mode.COPY, ExitCode.FATAL, Reason.InvalidAccessKeyId,
                "source: The AWS Access Key Id you provided does not exist in our records (key test****e-id)",
                new Progress(false, 0, 0, 0, 0, 0, 0, 0, null), List.of(new Failure("a.txt", "403")), null);
        Fixtures.finishWith(client, job, summary);

        MigrationJobStatus status = awaitStatus(ns, "music", s -> s.phase() == Phase.Failed);
        assertTrue(status.message().contains("The AWS Access Key Id you provided does not exist"), status.message());
        assertTrue(status.message().contains(Reason.InvalidAccessKeyId.hint()), status.message());
        assertCondition(status, Conditions.FAILED, "True", "InvalidAccessKeyId");
        assertCondition(status, Conditions.STALLED, "True", "InvalidAccessKeyId");
        assertCondition(status, Conditions.PREFLIGHT_PASSED, "True", StatusReason.PreflightPassed.name());
        assertEquals(List.of(new Failure("a.txt", "403")), status.failures());
        assertNotNull(status.completionTime());
        awaitGone(ns, "music-credentials");
        assertEventWithReason(ns, "music", "InvalidAccessKeyId");
    }

    @Test
    void verificationThatFindsDifferencesEndsInFailedWithConsistentFalseAndTheKeys() {
        String ns = "verifyfail";
        runToCopy(ns, "docs");
        Fixtures.finishWith(client, awaitJob(ns, "docs-1"), new Summary(Mode.COPY, ExitCode.SUCCEEDED, null, "copied",
                new Progress(true, 3, 3, 0, 0, 300, 300, 0, "c"), List.of(), null));
        Job verify = awaitJob(ns, "docs-v1");
        Fixtures.finishWith(client, verify, new Summary(Mode.VERIFY, ExitCode.PARTIAL, Reason.VerificationFailed,
                "verified 3 objects: 1 matched (100 B), 1 missing, 1 mismatched", new Progress(true, 3, 0, 1, 2, 300, 0, 0, "c"),
                List.of(new Failure("b", "missing"), new Failure("c", "size 90 at the destination, 100 at the source")),
                new io.s3migration.protocol.Verification(1, 1, 1, 100)));

        MigrationJobStatus status = awaitStatus(ns, "docs", s -> s.phase() == Phase.Failed);
        assertCondition(status, Conditions.CONSISTENT, "False", Reason.VerificationFailed.name());
        assertCondition(status, Conditions.FAILED, "True", Reason.VerificationFailed.name());
        assertEquals(1, status.verification().objectsMissing());
        assertEquals(1, status.verification().objectsMismatched());
        assertEquals(List.of("b", "c"), status.failures().stream().map(Failure::key).toList());
        assertTrue(status.message().contains("1 missing, 1 mismatched"), status.message());
        awaitGone(ns, "docs-credentials");
        assertEventWithReason(ns, "docs", Reason.VerificationFailed.name());
    }

    /**
     * Issue 15 end to end on the mock API: one exact key (destination key defaulted), a report prefix and a schedule.
     * The Jobs get the key, the pass and its start time and the report prefix; a verification with true differences
     * ends the scheduled pass Succeeded with Consistent=False, names the report, keeps the Secrets for the next pass.
     */
    @Test
    void aScheduledSingleKeyPassWithDifferencesNamesItsReportAndWaitsForItsNextPass() {
        String ns = "report";
        startWith(ns, "one", spec -> spec.withReport("s3migration-reports/").withSchedule("0 0 1 1 *")
                .withSides(spec.source().withKeys(null, "2025/report.pdf"), spec.destination().withKeys(null, null)));
        Map<String, String> preflight = Fixtures.env(awaitJob(ns, "one-preflight"));
        assertEquals("2025/report.pdf", preflight.get("S3M_SOURCE_KEY"));
        assertEquals("2025/report.pdf", preflight.get("S3M_DESTINATION_KEY"), "the destination key defaults to the source's");
        assertNull(preflight.get("S3M_SOURCE_PREFIX"));
        Fixtures.finishWith(client, awaitJob(ns, "one-preflight"), Fixtures.preflightPassed());
        Fixtures.finishWith(client, awaitJob(ns, "one-1"), new Summary(Mode.COPY, ExitCode.SUCCEEDED, null, "copied",
                new Progress(true, 1, 1, 0, 0, 100, 100, 0, "2025/report.pdf"), List.of(), null)
                .withReportKey("s3migration-reports/one/1-20261122T080000.000Z.jsonl"));
        Job verify = awaitJob(ns, "one-v1");
        Map<String, String> env = Fixtures.env(verify);
        MigrationJobStatus verifying = awaitStatus(ns, "one", s -> s.phase() == Phase.Verifying);
        assertEquals("one", env.get("S3M_MIGRATION"));
        assertEquals("1", env.get("S3M_PASS"));
        assertEquals(verifying.passStartTime(), env.get("S3M_PASS_STARTED"), "objects written after it count apart");
        assertEquals("s3migration-reports/", env.get("S3M_REPORT_PREFIX"));
        assertEquals("s3migration-reports/one/1-20261122T080000.000Z.jsonl", verifying.report().key(), "the copy's report meanwhile");

        Fixtures.finishWith(client, verify, new Summary(Mode.VERIFY, ExitCode.PARTIAL, Reason.VerificationFailed,
                "verified 1 objects: 0 matched, 0 missing, 1 mismatched", new Progress(true, 1, 0, 0, 1, 100, 0, 0, "2025/report.pdf"),
                List.of(new Failure("2025/report.pdf", "size 90 at the destination, 100 at the source")),
                new io.s3migration.protocol.Verification(0, 0, 1, 0, 0)).withReportKey("s3migration-reports/one/1-20261122T080100.000Z.jsonl"));

        MigrationJobStatus status = awaitStatus(ns, "one", s -> s.phase() == Phase.Succeeded);
        assertCondition(status, Conditions.CONSISTENT, "False", Reason.VerificationFailed.name());
        assertTrue(status.conditions().stream().noneMatch(c -> c.getType().equals(Conditions.FAILED)), "a scheduled pass does not fail");
        assertEquals("s3migration-reports/one/1-20261122T080100.000Z.jsonl", status.report().key());
        assertEquals(io.s3migration.operator.api.SyncRecord.Result.Succeeded, status.lastSync().result());
        assertEquals(Reason.VerificationFailed.name(), status.lastSync().reason());
        assertNotNull(status.nextSyncTime(), "it waits for its next scheduled pass");
        assertNotNull(client.secrets().inNamespace(ns).withName("one-src").get(), "the Secrets stay for that pass");
        assertEventWithReason(ns, "one", Reason.VerificationFailed.name());
    }

    /**
     * The cut-over pattern's last step: a manual trigger on a Succeeded MigrationJob whose Secrets were purged at its
     * end (DeleteWhenDone) runs another whole pass once they exist again, from the start (no checkpoint).
     */
    @Test
    void aManualTriggerRunsAnotherPassThatWaitsForThePurgedSecretsThenPreflightsCopiesAndVerifies() {
        String ns = "trigger";
        runToCopy(ns, "sync");
        Fixtures.finishWith(client, awaitJob(ns, "sync-1"), new Summary(Mode.COPY, ExitCode.SUCCEEDED, null, "copied",
                new Progress(true, 3, 3, 0, 0, 300, 300, 0, "c"), List.of(), null));
        Fixtures.finishWith(client, awaitJob(ns, "sync-v1"), verified(3, 300));
        MigrationJobStatus first = awaitStatus(ns, "sync", s -> s.phase() == Phase.Succeeded);
        assertEquals(1, first.pass());
        assertNull(first.lastManualTrigger());
        awaitGone(ns, "sync-src");
        awaitGone(ns, "sync-dst");

        Fixtures.editSpec(client, ns, "sync", spec -> spec.withManualTrigger("final-pass"));
        MigrationJobStatus waiting = awaitStatus(ns, "sync", s -> StatusReason.WaitingForSecret.name().equals(s.reason()));
        assertEquals(Phase.Pending, waiting.phase());
        assertEquals(2, waiting.pass());
        assertEquals("final-pass", waiting.lastManualTrigger());
        assertTrue(Conditions.find(waiting.conditions(), Conditions.COMPLETE).isEmpty(), "the last pass's Complete is gone");
        assertTrue(Conditions.find(waiting.conditions(), Conditions.CONSISTENT).isEmpty(), "the last pass's Consistent is gone");
        assertEventWithReason(ns, "sync", StatusReason.PassTriggered.name());
        assertNull(client.batch().v1().jobs().inNamespace(ns).withName("sync-p2").get());

        Fixtures.createSecrets(client, "sync", ns);
        Job preflight = awaitJob(ns, "sync-p2");
        MigrationJob mj = client.resources(MigrationJob.class).inNamespace(ns).withName("sync").get();
        assertHardened(ns, mj, preflight, Mode.PREFLIGHT, null);
        Fixtures.finishWith(client, preflight, Fixtures.preflightPassed());
        Job copy = awaitJob(ns, "sync-2");
        assertHardened(ns, mj, copy, Mode.COPY, null);   // from the start: the copier skips what is already there
        Fixtures.finishWith(client, copy, new Summary(Mode.COPY, ExitCode.SUCCEEDED, null, "copied",
                new Progress(true, 4, 1, 3, 0, 400, 100, 0, "d"), List.of(), null));
        Fixtures.finishWith(client, awaitJob(ns, "sync-v2"), verified(4, 400));

        MigrationJobStatus done = awaitStatus(ns, "sync", s -> s.phase() == Phase.Succeeded && s.pass() == 2);
        assertEquals("final-pass", done.lastManualTrigger());
        assertEquals(1, done.progress().objectsCopied(), "this pass's counts");
        assertEquals(3, done.progress().objectsSkipped());
        assertEquals(4, done.verification().objectsMatched());
        assertCondition(done, Conditions.CONSISTENT, "True", StatusReason.VerificationPassed.name());
        assertEquals(first.startTime(), done.startTime());
        assertEquals(List.of(1, 2), done.history().stream().map(io.s3migration.operator.api.SyncRecord::pass).toList());
        assertEquals(done.history().get(1), done.lastSync());
        assertEquals(io.s3migration.operator.api.SyncRecord.Result.Succeeded, done.lastSync().result());
        assertEquals(1L, done.lastSync().objectsCopied());
        assertEquals(100L, done.lastSync().bytesCopied());
        assertEquals(3L, done.history().get(0).objectsCopied());
        assertNotNull(done.lastSync().durationSeconds());
        assertTrue(done.lastSync().startTime().compareTo(first.lastSync().completionTime()) >= 0, "pass 2 started after pass 1 ended");
        awaitGone(ns, "sync-src");
        assertEquals(List.of("sync-1", "sync-2", "sync-p2", "sync-preflight", "sync-v1", "sync-v2"),
                jobNames(ns, "sync").stream().sorted().toList());
    }

    private static Summary verified(long objects, long bytes) {
        return new Summary(Mode.VERIFY, ExitCode.SUCCEEDED, null, "verified " + objects + " objects",
                new Progress(true, objects, 0, objects, 0, bytes, 0, 0, null), List.of(),
                new io.s3migration.protocol.Verification(objects, 0, 0, bytes));
    }

    /**
     * The cut-over with a schedule: pass 1 ends and the Secrets stay (a schedule is set), the reconciler wakes itself at
     * status.nextSyncTime (nothing else changes) and runs pass 2 on schedule; then the schedule is removed and a manual
     * trigger runs the final pass, after which the migration is finished and its Secrets go.
     */
    @Test
    void aScheduleRunsPassesOnItsOwnKeepsTheSecretsAndTheFinalManualPassEndsIt() {
        String ns = "schedule";
        runToCopy(ns, "sync");
        Fixtures.editSpec(client, ns, "sync", spec -> spec.withSchedule("* * * * *"));
        Fixtures.finishWith(client, awaitJob(ns, "sync-1"), new Summary(Mode.COPY, ExitCode.SUCCEEDED, null, "copied",
                new Progress(true, 3, 3, 0, 0, 300, 300, 0, "c"), List.of(), null));
        Fixtures.finishWith(client, awaitJob(ns, "sync-v1"), verified(3, 300));
        MigrationJobStatus first = awaitStatus(ns, "sync", s -> s.phase() == Phase.Succeeded && s.nextSyncTime() != null
                || s.passes() == 2);
        if (first.passes() == 1) {
            Instant next = Instant.parse(first.nextSyncTime());
            assertTrue(next.isAfter(Instant.parse(first.completionTime())), "the first time after the pass ended");
            assertEquals(0, next.getEpochSecond() % 60, "a whole minute");
        }
        assertNotNull(client.secrets().inNamespace(ns).withName("sync-src").get(), "a schedule is set: the Secrets stay");
        assertNotNull(client.secrets().inNamespace(ns).withName("sync-dst").get());

        // No event but the clock: the reconciler rescheduled itself for nextSyncTime.
        await().atMost(Duration.ofSeconds(80)).until(() -> client.batch().v1().jobs().inNamespace(ns).withName("sync-p2").get() != null);
        assertEventWithReason(ns, "sync", StatusReason.PassScheduled.name());
        MigrationJobStatus second = statusOf(ns, "sync");
        assertEquals(2, second.pass());
        assertNull(second.lastManualTrigger());
        Fixtures.finishWith(client, awaitJob(ns, "sync-p2"), Fixtures.preflightPassed());
        Job copy = awaitJob(ns, "sync-2");

        // Cut-over, decided while pass 2 copies (writes stopped): remove the schedule, ask for one final pass. Pass 2 is
        // not doubled; the final pass starts when it ends, the Secrets stay for it.
        Fixtures.editSpec(client, ns, "sync", spec -> spec.withSchedule(null).withManualTrigger("final"));
        Fixtures.finishWith(client, copy, new Summary(Mode.COPY, ExitCode.SUCCEEDED, null, "copied",
                new Progress(true, 4, 1, 3, 0, 400, 100, 0, "d"), List.of(), null));
        Fixtures.finishWith(client, awaitJob(ns, "sync-v2"), verified(4, 400));
        MigrationJobStatus last = awaitStatus(ns, "sync", s -> "final".equals(s.lastManualTrigger()));
        assertEquals(3, last.pass());
        assertNotNull(client.secrets().inNamespace(ns).withName("sync-src").get(), "kept for the final pass");
        int pass = 3;
        Fixtures.finishWith(client, awaitJob(ns, "sync-p3"), Fixtures.preflightPassed());
        Fixtures.finishWith(client, awaitJob(ns, "sync-3"), new Summary(Mode.COPY, ExitCode.SUCCEEDED, null, "copied",
                new Progress(true, 4, 0, 4, 0, 400, 0, 0, "d"), List.of(), null));
        Fixtures.finishWith(client, awaitJob(ns, "sync-v3"), verified(4, 400));
        MigrationJobStatus done = awaitStatus(ns, "sync", s -> s.phase() == Phase.Succeeded && s.passes() == pass);
        assertNull(done.nextSyncTime(), "no schedule, no next pass");
        assertCondition(done, Conditions.CONSISTENT, "True", StatusReason.VerificationPassed.name());
        awaitGone(ns, "sync-src");
        awaitGone(ns, "sync-dst");
    }

    @Test
    void verificationNoneEndsThePassWithTheCopy() {
        String ns = "noverify";
        startWith(ns, "raw", spec -> spec.withVerification(io.s3migration.operator.api.VerificationPolicy.None));
        Fixtures.finishWith(client, awaitJob(ns, "raw-preflight"), Fixtures.preflightPassed());
        Fixtures.finishWith(client, awaitJob(ns, "raw-1"), new Summary(Mode.COPY, ExitCode.SUCCEEDED, null, "copied",
                new Progress(true, 1, 1, 0, 0, 10, 10, 0, "a"), List.of(), null));
        MigrationJobStatus status = awaitStatus(ns, "raw", s -> s.phase() == Phase.Succeeded);
        assertNull(status.verification());
        assertTrue(Conditions.find(status.conditions(), Conditions.CONSISTENT).isEmpty(), "nothing was compared");
        sleep(1500);
        assertEquals(List.of("raw-1", "raw-preflight"), jobNames(ns, "raw").stream().sorted().toList());
    }

    @Test
    void preflightFailureEndsInFailedWithoutACopyJob() {
        String ns = "preflightfail";
        start(ns, "films");
        Job preflight = awaitJob(ns, "films-preflight");
        Fixtures.finishWith(client, preflight, new Summary(Mode.PREFLIGHT, ExitCode.PREFLIGHT_FAILED, Reason.AccessDenied,
                "destination: PutObject of the probe object was denied", Progress.NONE, List.of(), null));

        MigrationJobStatus status = awaitStatus(ns, "films", s -> s.phase() == Phase.Failed);
        assertCondition(status, Conditions.PREFLIGHT_PASSED, "False", "AccessDenied");
        assertCondition(status, Conditions.FAILED, "True", "AccessDenied");
        assertTrue(status.message().contains("PutObject of the probe object was denied"), status.message());
        assertTrue(status.message().contains(Reason.AccessDenied.hint()), status.message());
        sleep(1500);
        assertEquals(List.of("films-preflight"), jobNames(ns, "films"));
    }

    @Test
    void jobFailureWithoutSummaryUsesTheJobControllersReason() {
        String ns = "nosummary";
        start(ns, "clips");
        Job preflight = awaitJob(ns, "clips-preflight");
        Fixtures.finishJob(client, preflight, false);
        MigrationJobStatus status = awaitStatus(ns, "clips", s -> s.phase() == Phase.Failed);
        assertCondition(status, Conditions.FAILED, "True", "BackoffLimitExceeded");
        assertTrue(status.message().contains("backoff limit"), status.message());
    }

    @Test
    void preflightOnlyStopsAfterThePreflight() {
        String ns = "preflightonly";
        startWith(ns, "check", spec -> spec.withPreflightOnly(true));
        Fixtures.finishWith(client, awaitJob(ns, "check-preflight"), Fixtures.preflightPassed());
        MigrationJobStatus status = awaitStatus(ns, "check", s -> s.phase() == Phase.Succeeded);
        assertCondition(status, Conditions.PREFLIGHT_PASSED, "True", StatusReason.PreflightPassed.name());
        assertCondition(status, Conditions.COMPLETE, "True", StatusReason.PreflightOnly.name());
        assertNull(status.attempt());
        sleep(1500);
        assertEquals(List.of("check-preflight"), jobNames(ns, "check"));
        awaitGone(ns, "check-credentials");
    }

    @Test
    void missingSecretBlocksEverythingUntilTheSecretAppears() {
        String ns = "secrets";
        MigrationJob mj = Fixtures.migration("videos", ns);
        client.secrets().resource(Fixtures.destinationSecret("videos", ns)).create();
        client.resource(mj).create();

        MigrationJobStatus status = awaitStatus(ns, "videos", s -> s.phase() == Phase.Pending
                && condition(s, Conditions.STALLED) != null && "True".equals(condition(s, Conditions.STALLED).getStatus()));
        assertCondition(status, Conditions.STALLED, "True", "SecretNotFound");
        assertTrue(status.message().contains("videos-src"), status.message());
        assertTrue(status.message().contains("kubectl create secret generic videos-src"), status.message());
        assertTrue(jobsOf(ns, "videos").isEmpty());
        assertNull(client.secrets().inNamespace(ns).withName("videos-credentials").get());
        assertEventWithReason(ns, "videos", "SecretNotFound");

        client.secrets().resource(Fixtures.secret("videos-src", ns, Map.of("accessKeyId", "test-only-id"))).create();
        status = awaitStatus(ns, "videos", s -> "SecretKeyMissing".equals(condition(s, Conditions.STALLED).getReason()));
        assertTrue(status.message().contains("'secretAccessKey'"), status.message());
        assertTrue(jobsOf(ns, "videos").isEmpty());

        // Fixed: the operator notices on its own (periodic re-check) and starts.
        client.secrets().inNamespace(ns).withName("videos-src").delete();
        awaitGone(ns, "videos-src");
        client.secrets().resource(Fixtures.sourceSecret("videos", ns)).create();
        awaitJob(ns, "videos-preflight");
        awaitStatus(ns, "videos", s -> s.phase() == Phase.Preflight && "False".equals(condition(s, Conditions.STALLED).getStatus()));
    }

    @Test
    void pauseKeepsTheCheckpointDeletesSecretsAndResumeWaitsForThemThenStartsAfterTheCheckpoint() {
        String ns = "pause";
        // Workers ran ahead of the checkpoint: 0041 is done (and failed) beyond it, so it is not in the checkpoint's counts.
        copying(ns, "maps", String.join("\n",
                ProtocolJson.write(new ObjectFailedLine(new Failure("2025/tiles/0013.png", "checksum mismatch"))),
                ProtocolJson.write(new ObjectFailedLine(new Failure("2025/tiles/0041.png", "InternalError"))),
                ProtocolJson.write(new ProgressLine("copying", new Progress(true, 100, 40, 0, 2, 4000, 1600, 100, "2025/tiles/0040.png"),
                        new CheckpointCounts(38, 0, 1, 1520)))));
        MigrationJobStatus copyingStatus = awaitStatus(ns, "maps", s -> s.checkpoint() != null);
        assertEquals(List.of("2025/tiles/0013.png", "2025/tiles/0041.png"), copyingStatus.failures().stream().map(Failure::key).toList());

        Fixtures.editSpec(client, ns, "maps", spec -> spec.withSuspend(true));
        MigrationJobStatus paused = awaitStatus(ns, "maps", s -> s.phase() == Phase.Paused);
        await().atMost(WAIT).until(() -> Boolean.TRUE.equals(client.batch().v1().jobs().inNamespace(ns).withName("maps-1").get().getSpec().getSuspend()));
        assertEquals(new Checkpoint("2025/tiles/0040.png", 38L, 0L, 1L, 1520L), paused.checkpoint());
        assertEquals(40, paused.progress().objectsCopied());
        assertEquals(List.of(new Failure("2025/tiles/0013.png", "checksum mismatch")), paused.failures(),
                "only the failures up to the checkpoint: the resumed run retries 0041");
        assertCondition(paused, Conditions.READY, "False", StatusReason.Paused.name());
        awaitGone(ns, "maps-credentials");
        awaitGone(ns, "maps-src");
        awaitGone(ns, "maps-dst");
        assertEventWithReason(ns, "maps", StatusReason.Paused.name());

        Fixtures.editSpec(client, ns, "maps", spec -> spec.withSuspend(false));
        MigrationJobStatus waiting = awaitStatus(ns, "maps", s -> StatusReason.WaitingForSecret.name().equals(condition(s, Conditions.READY).getReason()));
        assertEquals(Phase.Paused, waiting.phase());
        assertTrue(waiting.message().contains("maps-src"), waiting.message());
        assertEquals(List.of("maps-1", "maps-preflight"), jobNames(ns, "maps").stream().sorted().toList());

        Fixtures.createSecrets(client, "maps", ns);
        Job resumed = awaitJob(ns, "maps-2");
        MigrationJobStatus running = awaitStatus(ns, "maps", s -> s.phase() == Phase.Running && "maps-2".equals(s.jobName()));
        assertEquals(2, running.attempt());
        Map<String, String> env = Fixtures.env(resumed);
        assertEquals("2025/tiles/0040.png", env.get(CopierSettings.CHECKPOINT.variable()));
        assertEquals(new CheckpointCounts(38, 0, 1, 1520), CheckpointCounts.parse("env", env.get(CopierSettings.CHECKPOINT_COUNTS.variable())),
                "the resumed run counts on from the counts up to the checkpoint");
        assertEquals(List.of(new Failure("2025/tiles/0013.png", "checksum mismatch")), running.failures());
        assertEquals("copy", env.get(CopierSettings.MODE.variable()));
        await().atMost(WAIT).until(() -> client.batch().v1().jobs().inNamespace(ns).withName("maps-1").get() == null);
        assertEventWithReason(ns, "maps", StatusReason.Resumed.name());
        assertNotNull(client.secrets().inNamespace(ns).withName("maps-credentials").get());
    }

    @Test
    void retainKeepsTheTenantSecretsOnPauseAndResumesAtOnce() {
        String ns = "retain";
        startWith(ns, "logs", spec -> spec.withRetention(CredentialsRetention.Retain));
        Fixtures.finishWith(client, awaitJob(ns, "logs-preflight"), Fixtures.preflightPassed());
        awaitJob(ns, "logs-1");
        Fixtures.editSpec(client, ns, "logs", spec -> spec.withSuspend(true));
        awaitStatus(ns, "logs", s -> s.phase() == Phase.Paused);
        awaitGone(ns, "logs-credentials");
        assertNotNull(client.secrets().inNamespace(ns).withName("logs-src").get());
        assertNotNull(client.secrets().inNamespace(ns).withName("logs-dst").get());

        Fixtures.editSpec(client, ns, "logs", spec -> spec.withSuspend(false));
        awaitJob(ns, "logs-2");
        awaitStatus(ns, "logs", s -> s.phase() == Phase.Running && s.attempt() == 2);
    }

    @Test
    void cancelWhileRunningDeletesTheJobAndKeepsTheCountsTheCopierReached() {
        String ns = "cancel";
        AtomicReference<String> log = new AtomicReference<>(
                ProtocolJson.write(new ProgressLine("copying", new Progress(true, 10, 3, 0, 0, 300, 90, 10, "d/3"))));
        copying(ns, "docs", log::get);
        awaitStatus(ns, "docs", s -> s.progress() != null && s.progress().objectsCopied() == 3);
        sleep(1500);   // the reconciles the pod and Job events set off are over: from here on, one per poll

        // The copier carries on between two polls; the cancel's own pass reads where it got to.
        log.set(ProtocolJson.write(new ProgressLine("copying", new Progress(true, 10, 7, 0, 0, 300, 210, 10, "d/7"))));
        Fixtures.editSpec(client, ns, "docs", spec -> spec.withCancel(true));
        MigrationJobStatus status = awaitStatus(ns, "docs", s -> s.phase() == Phase.Cancelled);
        assertEquals(7, status.progress().objectsCopied());
        assertEquals("d/7", status.checkpoint().lastKey());
        assertNotNull(status.completionTime());
        assertCondition(status, Conditions.READY, "False", StatusReason.Cancelled.name());
        await().atMost(WAIT).until(() -> client.batch().v1().jobs().inNamespace(ns).withName("docs-1").get() == null);
        awaitGone(ns, "docs-credentials");
        awaitGone(ns, "docs-src");
        assertEventWithReason(ns, "docs", StatusReason.Cancelled.name());
    }

    /**
     * Three created in the same instant with room for two: all three reconciles read a cache where none has started,
     * so only the operator's own bookkeeping of its admissions keeps the third out.
     */
    @Test
    void quotaHoldsForMigrationsCreatedAtTheSameInstant() {
        String ns = "quota-race";
        List<String> names = List.of("r1", "r2", "r3");
        names.forEach(name -> {
            Fixtures.createSecrets(client, name, ns);
        });
        names.parallelStream().forEach(name -> client.resource(Fixtures.migration(name, ns)).create());

        await().atMost(WAIT).until(() -> names.stream().map(n -> statusOf(ns, n)).filter(st -> st != null && st.phase() != null && st.phase() != Phase.Pending).count() == 3);
        sleep(1500);
        List<String> active = names.stream().filter(n -> statusOf(ns, n).phase().isActive()).toList();
        List<String> queued = names.stream().filter(n -> statusOf(ns, n).phase() == Phase.Queued).toList();
        assertEquals(2, active.size(), () -> "active: " + active + ", queued: " + queued);
        assertEquals(1, queued.size(), () -> "active: " + active + ", queued: " + queued);
        assertCondition(statusOf(ns, queued.get(0)), Conditions.READY, "False", StatusReason.QuotaExceeded.name());
        assertTrue(jobsOf(ns, queued.get(0)).isEmpty());

        Fixtures.finishWith(client, awaitJob(ns, active.get(0) + "-preflight"), new Summary(Mode.PREFLIGHT,
                ExitCode.PREFLIGHT_FAILED, Reason.NoSuchBucket, "no such bucket", Progress.NONE, List.of(), null));
        awaitStatus(ns, queued.get(0), s -> s.phase() == Phase.Preflight);
    }

    @Test
    void quotaQueuesAndStartsAutomaticallyWhenASlotFrees() {
        String ns = "quota";
        start(ns, "q1");
        start(ns, "q2");
        awaitStatus(ns, "q1", s -> s.phase() == Phase.Preflight);
        awaitStatus(ns, "q2", s -> s.phase() == Phase.Preflight);
        start(ns, "q3");
        MigrationJobStatus queued = awaitStatus(ns, "q3", s -> s.phase() == Phase.Queued);
        assertCondition(queued, Conditions.READY, "False", StatusReason.QuotaExceeded.name());
        assertCondition(queued, Conditions.RECONCILING, "True", StatusReason.QuotaExceeded.name());
        assertTrue(queued.message().contains("limit 2"), queued.message());
        assertTrue(jobsOf(ns, "q3").isEmpty());
        assertEventWithReason(ns, "q3", StatusReason.QuotaExceeded.name());

        // q1 ends: its slot goes to q3.
        Fixtures.finishWith(client, awaitJob(ns, "q1-preflight"), new Summary(Mode.PREFLIGHT, ExitCode.PREFLIGHT_FAILED,
                Reason.NoSuchBucket, "no such bucket", Progress.NONE, List.of(), null));
        awaitStatus(ns, "q1", s -> s.phase() == Phase.Failed);
        awaitJob(ns, "q3-preflight");
        awaitStatus(ns, "q3", s -> s.phase() == Phase.Preflight);

        // Three started today (limit 3): a fourth waits for the daily limit even with a free slot.
        Fixtures.finishWith(client, awaitJob(ns, "q2-preflight"), new Summary(Mode.PREFLIGHT, ExitCode.PREFLIGHT_FAILED,
                Reason.NoSuchBucket, "no such bucket", Progress.NONE, List.of(), null));
        awaitStatus(ns, "q2", s -> s.phase() == Phase.Failed);
        start(ns, "q4");
        MigrationJobStatus daily = awaitStatus(ns, "q4", s -> s.phase() == Phase.Queued);
        assertTrue(daily.message().contains("last 24 hours"), daily.message());
        sleep(1500);
        assertTrue(jobsOf(ns, "q4").isEmpty());
    }

    /**
     * The daily limit (3 in tests) counts the starts the operator recorded in its own ledger: deleting the finished
     * MigrationJobs that used the day up gives no start back (it did when the quota counted existing MigrationJobs).
     */
    @Test
    void deletingFinishedMigrationsDoesNotGiveTheirDailyStartsBack() {
        String ns = "ledger";
        List<String> used = List.of("l1", "l2", "l3");
        for (String name : used) {
            start(ns, name);
            Fixtures.finishWith(client, awaitJob(ns, name + "-preflight"), new Summary(Mode.PREFLIGHT, ExitCode.PREFLIGHT_FAILED,
                    Reason.NoSuchBucket, "no such bucket", Progress.NONE, List.of(), null));
            awaitStatus(ns, name, s -> s.phase() == Phase.Failed);
        }
        var ledger = client.configMaps().inNamespace(client.getNamespace()).withName(StartLedgerConfigMap.NAME);
        await().atMost(WAIT).until(() -> ledger.get() != null && ledger.get().getData().getOrDefault(ns, "").lines().count() == 3);
        List<String> recorded = ledger.get().getData().get(ns).lines().map(line -> line.split(" ")[1]).toList();
        assertEquals(used, recorded, "one line per start, oldest first");

        used.forEach(name -> client.resources(MigrationJob.class).inNamespace(ns).withName(name).delete());
        await().atMost(WAIT).until(() -> client.resources(MigrationJob.class).inNamespace(ns).list().getItems().isEmpty());
        start(ns, "l4");
        MigrationJobStatus queued = awaitStatus(ns, "l4", s -> s.phase() == Phase.Queued);
        assertCondition(queued, Conditions.READY, "False", StatusReason.QuotaExceeded.name());
        assertTrue(queued.message().contains("3 migration(s) started in this namespace in the last 24 hours"), queued.message());
        sleep(1500);
        assertTrue(jobsOf(ns, "l4").isEmpty(), "no start while the day's three are used");
        assertEquals(3, ledger.get().getData().get(ns).lines().count(), "a queued migration records no start");
    }

    @Test
    void endpointPolicyRefusalFailsAtOnceWithItsReason() {
        String ns = "policy";
        MigrationJob mj = withSourceEndpoint(Fixtures.migration("leak", ns), "https://metadata.example.com");
        createWithSecrets(mj);
        MigrationJobStatus status = awaitStatus(ns, "leak", st -> st.phase() == Phase.Failed);
        assertCondition(status, Conditions.FAILED, "True", "EndpointNotAllowed");
        assertTrue(status.message().contains("169.254.169.254"), status.message());

        MigrationJob bad = Fixtures.migration("typo", ns);
        bad.setSpec(new MigrationJobSpec(bad.getSpec().source(), new io.s3migration.operator.api.BucketSpec("https://storage.example.net/bucket",
                null, "b", null, true, bad.getSpec().destination().credentialsSecretRef()), null));
        createWithSecrets(bad);
        status = awaitStatus(ns, "typo", st -> st.phase() == Phase.Failed);
        assertCondition(status, Conditions.FAILED, "True", "InvalidEndpoint");
        sleep(1000);
        assertTrue(jobsOf(ns, "leak").isEmpty() && jobsOf(ns, "typo").isEmpty());
    }

    /** A host that does not resolve may be a DNS outage: the MigrationJob waits (Secrets kept) and starts once it resolves. */
    @Test
    void endpointThatDoesNotResolveYetWaitsInPendingThenStarts() {
        String ns = "dns";
        MigrationJob mj = withSourceEndpoint(Fixtures.migration("later", ns), "https://late.example.org");
        createWithSecrets(mj);
        MigrationJobStatus status = awaitStatus(ns, "later", st -> st.conditions() != null
                && st.conditions().stream().anyMatch(c -> "EndpointUnresolved".equals(c.getReason())));
        assertEquals(Phase.Pending, status.phase());
        assertCondition(status, Conditions.STALLED, "True", "EndpointUnresolved");
        assertTrue(status.message().contains("late.example.org does not resolve"), status.message());
        assertTrue(jobsOf(ns, "later").isEmpty());
        assertNotNull(client.secrets().inNamespace(ns).withName(mj.getSpec().source().credentialsSecretRef().name()).get(), "nothing is deleted while it waits");

        FixedHostResolver.ADDRESSES.put("late.example.org", "52.218.1.2");
        awaitJob(ns, "later-preflight");
        assertEquals(Phase.Preflight, awaitStatus(ns, "later", st -> st.phase() == Phase.Preflight).phase());
    }

    /**
     * NetworkPolicies add up: an allow-all egress policy that was in the namespace before the admission policy (which
     * refuses new ones) would reopen the copy pod's wall. No pod starts beside it; narrowed, the migration goes on.
     */
    @Test
    void anAllowAllEgressPolicyInTheNamespaceHoldsTheMigrationUntilItLeavesTheCopyPodsOut() {
        String ns = "bypass";
        client.resource(new io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder().withNewMetadata()
                .withName("allow-all-egress").withNamespace(ns).endMetadata().withNewSpec().withNewPodSelector().endPodSelector()
                .withPolicyTypes("Egress").addNewEgress().endEgress().endSpec().build()).create();
        start(ns, "walled");
        MigrationJobStatus status = awaitStatus(ns, "walled", st -> st.phase() == Phase.Pending
                && condition(st, Conditions.STALLED) != null && StatusReason.EgressWallBypassed.name().equals(condition(st, Conditions.STALLED).getReason()));
        assertTrue(status.message().contains("'allow-all-egress'"), status.message());
        sleep(1000);
        assertTrue(jobsOf(ns, "walled").isEmpty(), "no copy pod beside a policy that reopens its egress");

        client.network().v1().networkPolicies().inNamespace(ns).withName("allow-all-egress").edit(p -> {
            p.getSpec().getPodSelector().setMatchExpressions(List.of(new io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder()
                    .withKey(Labels.NAME).withOperator("NotIn").withValues(Labels.COPIER).build()));
            return p;
        });
        awaitJob(ns, "walled-preflight");
    }

    /** Only Secrets the tenant marked are read; a Secret under the name of the operator's copy is never overwritten. */
    @Test
    void anUnmarkedSecretOrAForeignSecretUnderTheCopysNameHoldsTheMigrationAndIsLeftAsItIs() {
        String ns = "consent";
        // Both Secrets are in their final state before the MigrationJob exists, so its first reconcile sees them.
        Fixtures.createSecrets(client, "marked", ns);
        client.secrets().inNamespace(ns).withName("marked-src").edit(s -> {
            s.getMetadata().setLabels(Map.of());
            return s;
        });
        client.resource(Fixtures.secret("marked-credentials", ns, Map.of("config", "the tenant's own"))).create();
        client.resource(Fixtures.migration("marked", ns)).create();
        MigrationJobStatus status = awaitStatus(ns, "marked", st -> st.phase() == Phase.Pending);
        assertCondition(status, Conditions.STALLED, "True", StatusReason.CredentialsNameTaken.name());

        client.secrets().inNamespace(ns).withName("marked-credentials").delete();
        status = awaitStatus(ns, "marked", st -> condition(st, Conditions.STALLED) != null
                && StatusReason.SecretNotMarked.name().equals(condition(st, Conditions.STALLED).getReason()));
        assertTrue(status.message().contains("kubectl label secret marked-src s3migration.io/credentials=true"), status.message());
        assertTrue(jobsOf(ns, "marked").isEmpty());
        assertNotNull(client.secrets().inNamespace(ns).withName("marked-src").get(), "an unmarked Secret is never deleted");

        client.secrets().inNamespace(ns).withName("marked-src").edit(s -> {
            s.getMetadata().setLabels(Map.of(Labels.CREDENTIALS, Labels.CREDENTIALS_VALUE));
            return s;
        });
        awaitJob(ns, "marked-preflight");
        assertTrue(Boolean.TRUE.equals(client.secrets().inNamespace(ns).withName("marked-credentials").get().getImmutable()),
                "the operator's copy is immutable");
    }

    /**
     * Deleting a MigrationJob that ran abandons it: its tenant Secrets go as at an end (DeleteWhenDone), except one that
     * another unfinished MigrationJob still names; that one goes when the last of them ends.
     */
    @Test
    void deletingARunningMigrationPurgesItsSecretsButKeepsOneAnotherMigrationStillNames() {
        String ns = "abandon";
        runToCopy(ns, "first");
        MigrationJob second = Fixtures.migration("second", ns);
        second.setSpec(new MigrationJobSpec(Fixtures.migration("first", ns).getSpec().source(), second.getSpec().destination(),
                second.getSpec().options()));
        client.resource(Fixtures.destinationSecret("second", ns)).create();
        client.resource(second).create();
        awaitJob(ns, "second-preflight");
        assertTrue(client.resources(MigrationJob.class).inNamespace(ns).withName("first").get()
                .getMetadata().getFinalizers().stream().anyMatch(f -> f.startsWith("migrationjobs.s3migration.io")),
                "a finalizer, so that a delete is seen");

        client.resources(MigrationJob.class).inNamespace(ns).withName("first").delete();
        await().atMost(WAIT).until(() -> client.resources(MigrationJob.class).inNamespace(ns).withName("first").get() == null);
        awaitGone(ns, "first-dst");
        assertNotNull(client.secrets().inNamespace(ns).withName("first-src").get(), "still named by the unfinished 'second'");

        Fixtures.finishWith(client, awaitJob(ns, "second-preflight"), new Summary(Mode.PREFLIGHT, ExitCode.PREFLIGHT_FAILED,
                Reason.AccessDenied, "destination: Access Denied", null, List.of(), null));
        awaitStatus(ns, "second", st -> st.phase() == Phase.Failed);
        awaitGone(ns, "first-src");
        awaitGone(ns, "second-dst");
    }

    /** A MigrationJob deleted before any pod started (typically to re-create it corrected) leaves its Secrets. */
    @Test
    void deletingAMigrationThatNeverStartedLeavesItsSecrets() {
        String ns = "unstarted";
        MigrationJob mj = withSourceEndpoint(Fixtures.migration("typo", ns), "https://not-yet.example.org");
        createWithSecrets(mj);
        awaitStatus(ns, "typo", st -> st.phase() == Phase.Pending);
        client.resources(MigrationJob.class).inNamespace(ns).withName("typo").delete();
        await().atMost(WAIT).until(() -> client.resources(MigrationJob.class).inNamespace(ns).withName("typo").get() == null);
        sleep(500);
        assertNotNull(client.secrets().inNamespace(ns).withName("typo-src").get());
        assertNotNull(client.secrets().inNamespace(ns).withName("typo-dst").get());
    }

    @Test
    void optionsAndProviderPresetsReachTheCopierAsEnvOnly() {
        String ns = "options";
        MigrationJob mj = Fixtures.migration("tuned", ns);
        var d = mj.getSpec().destination();
        mj.setSpec(new MigrationJobSpec(
                new io.s3migration.operator.api.BucketSpec("wasabi", null, "eu-central-1", "src-bucket", null, null,
                        mj.getSpec().source().credentialsSecretRef()),
                d, new io.s3migration.operator.api.Options(4, "50Mi", "size", "skip", false, "STANDARD_IA")));
        createWithSecrets(mj);
        Map<String, String> env = Fixtures.env(awaitJob(ns, "tuned-preflight"));
        assertEquals("https://s3.eu-central-1.wasabisys.com", env.get(CopierSettings.SOURCE.variable(SideSetting.ENDPOINT)));
        assertEquals("eu-central-1", env.get(CopierSettings.SOURCE.variable(SideSetting.REGION)));
        assertEquals("4", env.get(CopierSettings.CONCURRENCY.variable()));
        assertEquals(Long.toString(50L * 1024 * 1024), env.get(CopierSettings.BANDWIDTH_LIMIT.variable()));
        assertEquals("size", env.get(CopierSettings.VERIFY.variable()));
        assertEquals("skip", env.get(CopierSettings.ON_ARCHIVED_OBJECT.variable()));
        assertEquals("false", env.get(CopierSettings.PRESERVE_METADATA.variable()));
        assertEquals("STANDARD_IA", env.get(CopierSettings.STORAGE_CLASS.variable()));
        assertEquals("10.20.0.0/16", env.get(CopierSettings.ALLOWED_ADDRESSES.variable()));
        assertEquals("storage.example.net", env.get(CopierSettings.ALLOWED_HOSTS.variable()), "the allowlisted destination, not the wasabi source");
        assertEquals("preflight", env.get(CopierSettings.MODE.variable()));
    }

    @Test
    void presetWithoutItsRequiredEndpointAndOverlongNamesFailWithAReason() {
        String ns = "presets";
        MigrationJob mj = Fixtures.migration("r2", ns);
        mj.setSpec(new MigrationJobSpec(new io.s3migration.operator.api.BucketSpec("r2", null, null, "b", null, null,
                mj.getSpec().source().credentialsSecretRef()), mj.getSpec().destination(), null));
        createWithSecrets(mj);
        MigrationJobStatus status = awaitStatus(ns, "r2", s -> s.phase() == Phase.Failed);
        assertCondition(status, Conditions.FAILED, "True", "InvalidEndpoint");
        assertTrue(status.message().contains("spec.source: r2 needs the account endpoint"), status.message());

        String longName = "a".repeat(CopierJob.MAX_NAME_LENGTH + 1);
        createWithSecrets(Fixtures.migration(longName, ns));
        status = awaitStatus(ns, longName, s -> s.phase() == Phase.Failed);
        assertCondition(status, Conditions.FAILED, "True", StatusReason.NameTooLong.name());
        sleep(1000);
        assertTrue(jobsOf(ns, "r2").isEmpty());
    }

    @Test
    void deletedDependentsComeBackAndNoSecondJobIsEverCreated() {
        String ns = "idempotent";
        runToCopy(ns, "atlas");
        Job job = awaitJob(ns, "atlas-1");
        Fixtures.activeJob(client, job);
        Fixtures.runningPod(client, job);
        awaitStatus(ns, "atlas", s -> s.phase() == Phase.Running);

        client.network().v1().networkPolicies().inNamespace(ns).withName("atlas-egress").delete();
        client.secrets().inNamespace(ns).withName("atlas-credentials").delete();
        for (int i = 0; i < 3; i++) {
            Fixtures.retryingConflicts(() -> client.resources(MigrationJob.class).inNamespace(ns).withName("atlas")
                    .edit(m -> { m.getMetadata().setAnnotations(Map.of("touch", Long.toString(System.nanoTime()))); return m; }));
            sleep(300);
        }
        await().atMost(WAIT).until(() -> client.network().v1().networkPolicies().inNamespace(ns).withName("atlas-egress").get() != null
                && client.secrets().inNamespace(ns).withName("atlas-credentials").get() != null);
        sleep(2000);
        assertEquals(List.of("atlas-1", "atlas-preflight"), jobNames(ns, "atlas").stream().sorted().toList());
        assertEquals(job.getMetadata().getUid(), client.batch().v1().jobs().inNamespace(ns).withName("atlas-1").get().getMetadata().getUid());
        assertEquals(Phase.Running, statusOf(ns, "atlas").phase());
    }

    @Test
    void aJobThatVanishesIsReportedNotReplaced() {
        String ns = "vanish";
        start(ns, "notes");
        Job job = awaitJob(ns, "notes-preflight");
        awaitStatus(ns, "notes", s -> "notes-preflight".equals(s.jobName()));
        client.batch().v1().jobs().resource(job).delete();

        MigrationJobStatus status = awaitStatus(ns, "notes", s -> s.phase() == Phase.Failed);
        assertCondition(status, Conditions.FAILED, "True", StatusReason.JobDeleted.name());
        assertTrue(jobsOf(ns, "notes").isEmpty());
    }

    private static MigrationJob withSourceEndpoint(MigrationJob mj, String endpoint) {
        var s = mj.getSpec().source();
        mj.setSpec(new MigrationJobSpec(new io.s3migration.operator.api.BucketSpec(endpoint, s.region(), s.bucket(), s.prefix(),
                s.pathStyle(), s.credentialsSecretRef()), mj.getSpec().destination(), mj.getSpec().options()));
        return mj;
    }

    // --- assertions on the owned objects

    private void assertHardened(String ns, MigrationJob mj, Job job, Mode mode, String checkpoint) {
        String name = mj.getMetadata().getName();
        assertOwnedBy(mj, job.getMetadata().getOwnerReferences());
        assertEquals(2, job.getSpec().getBackoffLimit());
        var failFast = job.getSpec().getPodFailurePolicy().getRules().get(0);
        assertEquals("FailJob", failFast.getAction());
        assertEquals(mode == Mode.VERIFY ? List.of(2, 3, 4) : List.of(2, 4), failFast.getOnExitCodes().getValues(),
                "invalid input and a failed pre-flight are not retried, nor differences a verify run found");
        assertEquals("DisruptionTarget", job.getSpec().getPodFailurePolicy().getRules().get(1).getOnPodConditions().get(0).getType());
        assertEquals(mode == Mode.PREFLIGHT ? Duration.ofMinutes(10).toSeconds() : Duration.ofDays(7).toSeconds(),
                job.getSpec().getActiveDeadlineSeconds(), "a pre-flight gets minutes, a copy days");
        assertEquals((int) Duration.ofDays(1).toSeconds(), job.getSpec().getTtlSecondsAfterFinished());
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertEquals("Never", pod.getRestartPolicy());
        assertEquals(name + "-copier", pod.getServiceAccountName());
        assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken());
        assertEquals(Boolean.FALSE, pod.getEnableServiceLinks());
        assertEquals(Map.of("s3migration.io/pool", "migration"), pod.getNodeSelector());
        Toleration toleration = pod.getTolerations().get(0);
        assertEquals(List.of("s3migration.io/dedicated", "Equal", "migration", "NoSchedule"),
                List.of(toleration.getKey(), toleration.getOperator(), toleration.getValue(), toleration.getEffect()));
        assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot());
        assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
        assertEquals(Map.of(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE, Labels.MIGRATION, name, Labels.NAME, Labels.COPIER,
                Labels.JOB, job.getMetadata().getName(), Labels.MODE, mode.name().toLowerCase()), job.getSpec().getTemplate().getMetadata().getLabels());

        Container c = pod.getContainers().get(0);
        assertEquals(1, pod.getContainers().size());
        var sc = c.getSecurityContext();
        assertEquals(Boolean.TRUE, sc.getRunAsNonRoot());
        assertEquals(Boolean.TRUE, sc.getReadOnlyRootFilesystem());
        assertEquals(Boolean.FALSE, sc.getAllowPrivilegeEscalation());
        assertEquals(Boolean.FALSE, sc.getPrivileged());
        assertEquals(List.of("ALL"), sc.getCapabilities().getDrop());
        assertTrue(sc.getCapabilities().getAdd() == null || sc.getCapabilities().getAdd().isEmpty());
        assertEquals("RuntimeDefault", sc.getSeccompProfile().getType());
        assertEquals("File", c.getTerminationMessagePolicy());
        assertEquals("/dev/termination-log", c.getTerminationMessagePath());
        assertEquals("ghcr.io/s3migration/copier:0.1.0", c.getImage());
        assertEquals("256Mi", c.getResources().getRequests().get("memory").toString());
        assertEquals("1Gi", c.getResources().getLimits().get("memory").toString());
        assertEquals("100m", c.getResources().getRequests().get("cpu").toString());
        assertEquals("2", c.getResources().getLimits().get("cpu").toString());
        assertTrue(c.getArgs() == null || c.getArgs().isEmpty());
        assertTrue(c.getCommand() == null || c.getCommand().isEmpty());
        assertTrue(c.getEnvFrom() == null || c.getEnvFrom().isEmpty());

        // Env: exactly the protocol's names for this spec, nothing secret. The pass and its start time are the status's.
        Map<String, String> actual = Fixtures.env(job);
        Instant passStarted = Instant.parse(actual.get(CopierSettings.PASS_STARTED.variable()));
        assertFalse(passStarted.isAfter(Instant.now()), "the pass started before its Job");
        CopierConfig expected = io.s3migration.operator.resources.CopierInputs.forPass(
                CopierConfig.of(mode, mj.getSpec().source().toBucket(), mj.getSpec().destination().toBucket())
                        .with(CopierSettings.CONCURRENCY, 8).with(CopierSettings.CHECKPOINT, checkpoint)
                        .withAllowedAddresses(List.of("10.20.0.0/16"), List.of("storage.example.net")), // the allowlisted destination only
                mj.getMetadata().getName(), Integer.parseInt(actual.get(CopierSettings.PASS.variable())), passStarted.toString(), null);
        Map<String, String> expectedEnv = new java.util.LinkedHashMap<>(CopierEnv.write(expected));
        if (mode == Mode.COPY) {
            expectedEnv.put(io.s3migration.protocol.CheckpointFile.DIRECTORY_ENV, io.s3migration.operator.resources.CopierJob.CHECKPOINT_DIR);
        }
        assertEquals(expectedEnv, actual);
        assertTrue(c.getEnv().stream().allMatch(e -> e.getValueFrom() == null));
        for (String secretValue : List.of(Fixtures.SOURCE_KEY_ID, Fixtures.SOURCE_SECRET, Fixtures.DEST_KEY_ID, Fixtures.DEST_SECRET)) {
            assertFalse(job.toString().contains(secretValue), "secret value in the Job");
        }

        Volume credentialsVolume = pod.getVolumes().stream().filter(v -> v.getSecret() != null).findFirst().orElseThrow();
        assertEquals(name + "-credentials", credentialsVolume.getSecret().getSecretName());
        assertEquals(0440, credentialsVolume.getSecret().getDefaultMode());
        var mount = c.getVolumeMounts().stream().filter(m -> m.getName().equals(credentialsVolume.getName())).findFirst().orElseThrow();
        assertEquals(CredentialFiles.DEFAULT_DIR, mount.getMountPath());
        assertEquals(Boolean.TRUE, mount.getReadOnly());
        Volume tmp = pod.getVolumes().stream().filter(v -> v.getEmptyDir() != null).findFirst().orElseThrow();
        assertEquals("64Mi", tmp.getEmptyDir().getSizeLimit().toString());
        assertTrue(c.getVolumeMounts().stream().anyMatch(m -> m.getName().equals(tmp.getName()) && m.getMountPath().equals("/tmp")));
        assertEquals(mode == Mode.COPY ? 3 : 2, pod.getVolumes().size(), "credentials, tmp, and the checkpoint for a copy");
    }

    private void assertEgressPolicy(String ns, MigrationJob mj) {
        String name = mj.getMetadata().getName();
        NetworkPolicy np = client.network().v1().networkPolicies().inNamespace(ns).withName(name + "-egress").get();
        assertOwnedBy(mj, np.getMetadata().getOwnerReferences());
        assertEquals(Map.of(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE, Labels.MIGRATION, name, Labels.NAME, Labels.COPIER),
                np.getSpec().getPodSelector().getMatchLabels());
        assertEquals(List.of("Ingress", "Egress"), np.getSpec().getPolicyTypes());
        assertTrue(np.getSpec().getIngress() == null || np.getSpec().getIngress().isEmpty());
        List<NetworkPolicyEgressRule> egress = np.getSpec().getEgress();
        assertEquals(3, egress.size());
        assertEquals(List.of(53, 53), egress.get(0).getPorts().stream().map(p -> p.getPort().getIntVal()).toList());
        assertEquals("kube-system", egress.get(0).getTo().get(0).getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name"));
        assertEquals(Map.of("k8s-app", "kube-dns"), egress.get(0).getTo().get(0).getPodSelector().getMatchLabels());
        var v4 = egress.get(1).getTo().get(0).getIpBlock();
        assertEquals("0.0.0.0/0", v4.getCidr());
        assertEquals(EgressNetworkPolicy.BLOCKED_IPV4, v4.getExcept());
        assertTrue(v4.getExcept().containsAll(List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8",
                "169.254.0.0/16", "100.64.0.0/10")));
        var v6 = egress.get(1).getTo().get(1).getIpBlock();
        assertEquals("::/0", v6.getCidr());
        assertTrue(v6.getExcept().containsAll(List.of("::1/128", "fc00::/7", "fe80::/10")));
        assertEquals(EgressNetworkPolicy.BLOCKED_IPV6, v6.getExcept());
        assertEquals("10.20.0.0/16", egress.get(2).getTo().get(0).getIpBlock().getCidr());
    }

    // --- helpers

    private MigrationJob start(String ns, String name) {
        return startWith(ns, name, UnaryOperator.identity());
    }

    /** Creates the migration's two tenant Secrets, then the migration. */
    private void createWithSecrets(MigrationJob mj) {
        Fixtures.createSecrets(client, mj.getMetadata().getName(), mj.getMetadata().getNamespace());
        client.resource(mj).create();
    }

    private MigrationJob startWith(String ns, String name, UnaryOperator<MigrationJobSpec> change) {
        Fixtures.createSecrets(client, name, ns);
        MigrationJob mj = Fixtures.migration(name, ns);
        mj.setSpec(change.apply(mj.getSpec()));
        return client.resource(mj).create();
    }

    /** Created, pre-flight passed, copy Job created. */
    private void runToCopy(String ns, String name) {
        start(ns, name);
        Fixtures.finishWith(client, awaitJob(ns, name + "-preflight"), Fixtures.preflightPassed());
        awaitJob(ns, name + "-1");
    }

    record Copying(Job job, Pod pod) {
    }

    /** Pre-flight passed, copy Job {@code name}-1 active with a running pod whose log reads {@code log}. */
    private Copying copying(String ns, String name, String log) {
        return copying(ns, name, () -> log);
    }

    /** As above, with a log that may grow while the test runs. */
    private Copying copying(String ns, String name, Supplier<String> log) {
        runToCopy(ns, name);
        Job job = awaitJob(ns, name + "-1");
        Fixtures.activeJob(client, job);
        Pod pod = Fixtures.runningPod(client, job);
        serveLog(ns, pod.getMetadata().getName(), log);
        return new Copying(job, pod);
    }

    /** Plays the API server's pods/log for the operator's tail read. */
    private void serveLog(String ns, String pod, Supplier<String> text) {
        server.expect().get().withPath("/api/v1/namespaces/" + ns + "/pods/" + pod + "/log?pretty=false&container=copier&tailLines=20")
                .andReply(200, request -> text.get()).always();
    }

    private Job awaitJob(String ns, String name) {
        await().atMost(WAIT).until(() -> client.batch().v1().jobs().inNamespace(ns).withName(name).get() != null);
        return client.batch().v1().jobs().inNamespace(ns).withName(name).get();
    }

    private void awaitGone(String ns, String secret) {
        await().atMost(WAIT).until(() -> client.secrets().inNamespace(ns).withName(secret).get() == null);
    }

    private List<Job> jobsOf(String ns, String mj) {
        return client.batch().v1().jobs().inNamespace(ns).withLabel(Labels.MIGRATION, mj).list().getItems();
    }

    private List<String> jobNames(String ns, String mj) {
        return jobsOf(ns, mj).stream().map(j -> j.getMetadata().getName()).toList();
    }

    private MigrationJobStatus statusOf(String ns, String name) {
        MigrationJob mj = client.resources(MigrationJob.class).inNamespace(ns).withName(name).get();
        return mj == null ? null : mj.getStatus();
    }

    private MigrationJobStatus awaitStatus(String ns, String name, java.util.function.Predicate<MigrationJobStatus> condition) {
        await().atMost(WAIT).ignoreExceptions().until(() -> {
            MigrationJobStatus s = statusOf(ns, name);
            return s != null && condition.test(s);
        });
        return statusOf(ns, name);
    }

    static io.fabric8.kubernetes.api.model.Condition condition(MigrationJobStatus status, String type) {
        return Conditions.find(status.conditions(), type).orElse(null);
    }

    private static void assertCondition(MigrationJobStatus status, String type, String expected, String reason) {
        var c = condition(status, type);
        assertNotNull(c, type + " condition missing in " + status.conditions());
        assertEquals(expected, c.getStatus(), type + " in " + status.conditions());
        assertEquals(reason, c.getReason(), type + " in " + status.conditions());
        assertNotNull(c.getLastTransitionTime());
        assertNotNull(c.getObservedGeneration());
        assertNotNull(c.getMessage());
    }

    private long eventsWithReason(String ns, String mj, String reason) {
        return client.v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> mj.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason())).count();
    }

    private double reconcileErrors() {
        return registry.find(MigrationMetrics.ERRORS).counter().count();
    }

    private void assertEventWithReason(String ns, String mj, String reason) {
        await().atMost(WAIT).until(() -> client.v1().events().inNamespace(ns).list().getItems().stream()
                .anyMatch(e -> mj.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason())));
    }

    private static void assertOwnedBy(MigrationJob mj, List<io.fabric8.kubernetes.api.model.OwnerReference> refs) {
        assertEquals(1, refs.size());
        assertEquals("MigrationJob", refs.get(0).getKind());
        assertEquals(mj.getMetadata().getName(), refs.get(0).getName());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
