package io.s3migration.operator.apiserver;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.s3migration.operator.api.Checkpoint;
import io.s3migration.operator.api.CredentialsRetention;
import io.s3migration.operator.api.MigrationJob;
import io.s3migration.operator.api.MigrationJobStatus;
import io.s3migration.operator.api.Phase;
import io.s3migration.operator.api.ProgressStatus;
import io.s3migration.operator.reconcile.Fixtures;
import io.s3migration.operator.resources.Labels;
import io.s3migration.operator.resources.StartLedgerConfigMap;
import jakarta.inject.Inject;
import io.s3migration.protocol.CopierSettings;
import io.s3migration.protocol.ExitCode;
import io.s3migration.protocol.Mode;
import io.s3migration.protocol.Progress;
import io.s3migration.protocol.Reason;
import io.s3migration.protocol.Summary;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole operator (Quarkus, JOSDK, server-side apply on) against a real kube-apiserver + etcd, with a fake Job
 * controller standing in for kube-controller-manager and the kubelet: a MigrationJob goes through pre-flight and
 * copy to Succeeded, and everything the operator writes passes the real server's validation (CRD schema and CEL,
 * status subresource, Job and Pod validation, SSA merges).
 */
@QuarkusTest
@TestProfile(RealApiServerProfile.class)
@ExtendWith(RealApiServerAvailable.class)
class OperatorOnRealApiServerTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static FakeJobController jobController;
    /** hold-* namespaces whose copies may now finish. */
    private static final Set<String> released = ConcurrentHashMap.newKeySet();
    /** The test's own cluster-admin client (setup, assertions, fake controllers), never the operator's. */
    static KubernetesClient client;

    /** The operator's client, for its namespace. */
    @Inject
    KubernetesClient operatorsClient;

    @BeforeAll
    static void startFakeJobController() {
        client = RealApiServer.started().adminClient();
        jobController = new FakeJobController(client, OperatorOnRealApiServerTest::outcome);
    }

    @AfterAll
    static void stopFakeJobController() {
        if (jobController != null) {
            jobController.close();
            client.close();
        }
    }

    @Test
    void migrationRunsPreflightThenCopyThenVerifyToSucceeded() {
        String ns = startMigration("lifecycle", "photos");

        MigrationJobStatus done = awaitStatus(ns, "photos", s -> s.phase() == Phase.Succeeded);

        List<Job> jobs = client.batch().v1().jobs().inNamespace(ns).withLabel(Labels.MIGRATION, "photos").list().getItems();
        List<String> modes = jobs.stream().map(j -> j.getMetadata().getLabels().get(Labels.MODE)).sorted().toList();
        assertEquals(List.of("copy", "preflight", "verify"), modes, "one pre-flight Job, one copy Job, one verify Job");
        jobs.forEach(j -> assertEquals("MigrationJob", j.getMetadata().getOwnerReferences().get(0).getKind()));
        assertEquals(1L, done.observedGeneration());
        assertNotNull(done.completionTime());
        assertCondition(done, "Complete", "True");
        assertCondition(done, "Ready", "True");
        assertCondition(done, "Consistent", "True");
        assertEquals(3L, done.verification().objectsMatched(), "the verify run's comparison");
        assertEquals(3L, done.progress().objectsCopied(), "counts come from the copier's summary");
        // the Secret's deletion and the event are written beside the status, not before it: waited for, not raced
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            assertNull(client.secrets().inNamespace(ns).withName("photos-credentials").get(),
                    "the operator's credentials Secret is deleted when the migration ends");
            assertTrue(client.v1().events().inNamespace(ns).list().getItems().stream()
                            .anyMatch(e -> "Succeeded".equals(e.getReason())),
                    "a Succeeded event is recorded");
        });
    }

    /**
     * The daily quota's ledger is written in the operator's own namespace (in {@link OperatorWithChartRbacTest} with
     * nothing but the chart's Role {@code <release>-start-ledger}: a refused write would only be logged, so this looks).
     */
    @Test
    void aStartIsRecordedInTheOperatorsLedger() {
        String ns = startMigration("ledger", "counted");
        awaitStatus(ns, "counted", s -> s.phase() == Phase.Succeeded);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> {
            ConfigMap ledger = client.configMaps().inNamespace(operatorsClient.getNamespace()).withName(StartLedgerConfigMap.NAME).get();
            return ledger != null && ledger.getData().getOrDefault(ns, "").endsWith(" counted");
        });
    }

    @Test
    void statusIsOwnedByTheOperatorThroughServerSideApply() {
        String ns = startMigration("ssa-owner", "owned");

        awaitStatus(ns, "owned", s -> s.phase() == Phase.Succeeded);

        MigrationJob stored = client.resources(MigrationJob.class).inNamespace(ns).withName("owned").get();
        assertTrue(stored.getMetadata().getManagedFields().stream()
                        .anyMatch(m -> "status".equals(m.getSubresource()) && "Apply".equals(m.getOperation())),
                () -> "status not written by an apply: " + stored.getMetadata().getManagedFields());
    }

    /**
     * Pre-flights in namespaces named denied-* fail as a copier denied write access would; copies in namespaces named
     * hold-* keep running (null) until {@link #release} lets them succeed; everything else succeeds.
     */
    private static Summary outcome(Job job) {
        Mode mode = FakeJobController.mode(job);
        String ns = job.getMetadata().getNamespace();
        if (mode == Mode.COPY && ns.startsWith("hold-") && !released.contains(ns)) {
            return null;
        }
        if (mode == Mode.PREFLIGHT && job.getMetadata().getNamespace().startsWith("denied-")) {
            return new Summary(mode, ExitCode.PREFLIGHT_FAILED, Reason.AccessDenied,
                    "destination: PutObject of the probe object was denied", Progress.NONE, List.of(), null);
        }
        return FakeJobController.succeeded(mode);
    }

    @Test
    void preflightDenialEndsInFailedWithTheCopiersReasonAndNoCopyJob() {
        String ns = startMigration("denied", "films");

        MigrationJobStatus failed = awaitStatus(ns, "films", s -> s.phase() == Phase.Failed);

        assertCondition(failed, "Failed", "True");
        assertEquals("AccessDenied", condition(failed, "Failed").getReason());
        assertTrue(failed.message().contains(Reason.AccessDenied.hint()), failed.message());
        assertEquals(List.of("preflight"), client.batch().v1().jobs().inNamespace(ns).list().getItems().stream()
                .map(j -> j.getMetadata().getLabels().get(Labels.MODE)).toList());
    }

    @Test
    void cancelWhileRunningEndsCancelledDeletesTheJobAndStartsNoOther() throws InterruptedException {
        String ns = startMigration("hold-cancel", "docs");
        awaitStatus(ns, "docs", s -> s.phase() == Phase.Running);
        assertEquals(List.of("docs-1"), copyJobNames(ns, "docs"));
        // Progress reaches the operator through pod logs, which need a kubelet: write what it would have read.
        Fixtures.editStatus(client, ns, "docs", s -> s.toBuilder()
                    .progress(ProgressStatus.of(new Progress(true, 10, 4, 1, 0, 10240, 5120, 512, "d/4"))).build());
        awaitStatus(ns, "docs", s -> s.progress() != null && s.progress().objectsCopied() == 4);

        Fixtures.editSpec(client, ns, "docs", spec -> spec.withCancel(true));

        MigrationJobStatus cancelled = awaitStatus(ns, "docs", s -> s.phase() == Phase.Cancelled);
        assertNotNull(cancelled.completionTime());
        assertEquals(List.of(4L, 1L, 5120L), List.of(cancelled.progress().objectsCopied(),
                cancelled.progress().objectsSkipped(), cancelled.progress().bytesCopied()), "counts are kept on cancel");
        assertCondition(cancelled, "Ready", "False");
        await().atMost(WAIT).until(() -> copyJobNames(ns, "docs").isEmpty());
        // Cancelled is final: later reconciles (Job deletion events, re-syncs) must not start another copy.
        Thread.sleep(3000);
        assertEquals(List.of(), copyJobNames(ns, "docs"));
        assertEquals(Phase.Cancelled, client.resources(MigrationJob.class).inNamespace(ns).withName("docs").get()
                .getStatus().phase());
    }

    @Test
    void suspendPausesKeepingTheCheckpointAndResumeStartsANewCopyAfterIt() {
        String ns = Manifests.newNamespace(client, "hold-pause");
        Fixtures.createSecrets(client, "maps", ns);
        MigrationJob mj = Fixtures.migration("maps", ns);
        mj.setSpec(mj.getSpec().withRetention(CredentialsRetention.Retain));
        client.resource(mj).create();
        awaitStatus(ns, "maps", s -> s.phase() == Phase.Running);
        // The copier's progress line reaches the operator through pod logs, which need a kubelet: write the
        // checkpoint it would have produced straight into status instead.
        Fixtures.editStatus(client, ns, "maps", s -> s.toBuilder().checkpoint(new Checkpoint("2025/tiles/0040.png")).build());

        Fixtures.editSpec(client, ns, "maps", spec -> spec.withSuspend(true));
        MigrationJobStatus paused = awaitStatus(ns, "maps", s -> s.phase() == Phase.Paused);
        assertEquals("2025/tiles/0040.png", paused.checkpoint().lastKey());
        await().atMost(WAIT).until(() -> Boolean.TRUE.equals(
                client.batch().v1().jobs().inNamespace(ns).withName("maps-1").get().getSpec().getSuspend()));

        release(ns);
        Fixtures.editSpec(client, ns, "maps", spec -> spec.withSuspend(false));
        MigrationJobStatus done = awaitStatus(ns, "maps", s -> s.phase() == Phase.Succeeded);
        assertEquals("maps-v2", done.jobName(), "the verify run after copy attempt 2");
        assertEquals(2, done.attempt());
        Job resumed = client.batch().v1().jobs().inNamespace(ns).withName("maps-2").get();
        assertEquals("2025/tiles/0040.png", Fixtures.env(resumed).get(CopierSettings.CHECKPOINT.variable()));
        await().atMost(WAIT).until(() -> copyJobNames(ns, "maps").equals(List.of("maps-2")));
    }

    /**
     * An operator that created the copy Job but lost the status saying so (crash before the status write, status
     * wiped) re-derives its state from what exists: it adopts the Job instead of starting a second copy.
     */
    @Test
    void lostStatusConvergesOnTheExistingCopyJob() throws InterruptedException {
        String ns = startMigration("hold-restart", "logs");
        awaitStatus(ns, "logs", s -> s.phase() == Phase.Running);
        Fixtures.editStatus(client, ns, "logs", s -> s.toBuilder().checkpoint(new Checkpoint("2025/l/7")).build());
        awaitStatus(ns, "logs", s -> s.checkpoint() != null);

        // Back to where it stood before the copy Job was created: pre-flight passed, attempt 0, phase Preflight.
        Fixtures.editStatus(client, ns, "logs", s -> s.toBuilder().phase(Phase.Preflight).jobName("logs-preflight").attempt(null).build());
        MigrationJobStatus adopted = awaitStatus(ns, "logs", s -> s.phase() == Phase.Running && "logs-1".equals(s.jobName()));
        assertEquals(1, adopted.attempt());
        assertEquals("2025/l/7", adopted.checkpoint().lastKey(), "the checkpoint survives the lost status");
        Thread.sleep(2000);
        assertEquals(List.of("logs-1"), copyJobNames(ns, "logs"), "the existing copy Job is adopted, not doubled");

        release(ns);
        awaitStatus(ns, "logs", s -> s.phase() == Phase.Succeeded);
        assertEquals(List.of("logs-1"), copyJobNames(ns, "logs"));
    }

    /** Lets the held copies in {@code ns} finish. */
    private static void release(String ns) {
        released.add(ns);
        jobController.nudge(ns);
    }

    private static List<String> copyJobNames(String ns, String name) {
        return client.batch().v1().jobs().inNamespace(ns).withLabel(Labels.MIGRATION, name).withLabel(Labels.MODE, "copy")
                .list().getItems().stream().filter(j -> j.getMetadata().getDeletionTimestamp() == null)
                .map(j -> j.getMetadata().getName()).sorted().toList();
    }

    /** The SSRF first wall on the real server: an endpoint resolving to the metadata address never gets a Job. */
    @Test
    void endpointPolicyRefusalEndsInFailedBeforeAnyJob() {
        String ns = Manifests.newNamespace(client, "ssrf");
        client.resource(Fixtures.secret("aws-readonly", ns, Map.of("accessKeyId", "id", "secretAccessKey", "s"))).create();
        client.resource(Fixtures.secret("platform-writer", ns, Map.of("accessKeyId", "id", "secretAccessKey", "s"))).create();
        client.resource(Manifests.migrationJob(ns, "metadata", """
                source: {endpoint: 'https://metadata.example.com'}
                destination: {endpoint: 'https://storage.example.net'}
                """)).create();

        MigrationJobStatus failed = awaitStatus(ns, "metadata", s -> s.phase() == Phase.Failed);

        assertEquals("EndpointNotAllowed", condition(failed, "Failed").getReason());
        assertTrue(failed.message().contains("169.254.169.254"), failed.message());
        assertEquals(List.of(), client.batch().v1().jobs().inNamespace(ns).list().getItems());
        assertNull(client.secrets().inNamespace(ns).withName("metadata-credentials").get());
    }

    /** A new namespace with the tenant's two Secrets and a MigrationJob; returns the namespace. */
    private static String startMigration(String namespacePrefix, String name) {
        String ns = Manifests.newNamespace(client, namespacePrefix);
        Fixtures.createSecrets(client, name, ns);
        client.resource(Fixtures.migration(name, ns)).create();
        return ns;
    }

    private MigrationJobStatus awaitStatus(String ns, String name, Predicate<MigrationJobStatus> condition) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> {
            MigrationJob mj = client.resources(MigrationJob.class).inNamespace(ns).withName(name).get();
            return mj == null ? null : mj.getStatus();
        }, s -> s != null && condition.test(s));
    }

    private static void assertCondition(MigrationJobStatus status, String type, String expected) {
        Condition condition = condition(status, type);
        assertEquals(expected, condition.getStatus(), condition.toString());
    }

    private static Condition condition(MigrationJobStatus status, String type) {
        return status.conditions().stream().filter(c -> type.equals(c.getType())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " condition in " + status.conditions()));
    }
}
