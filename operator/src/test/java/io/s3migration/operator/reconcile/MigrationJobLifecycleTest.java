package io.s3migration.operator.reconcile;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.s3migration.operator.api.MigrationJob;
import io.s3migration.operator.api.MigrationJobStatus;
import io.s3migration.operator.api.Phase;
import io.s3migration.operator.resources.EgressNetworkPolicy;
import io.s3migration.operator.resources.Labels;
import io.s3migration.protocol.CopierConfig;
import io.s3migration.protocol.CredentialFiles;
import io.s3migration.protocol.ExitCode;
import io.s3migration.protocol.Failure;
import io.s3migration.protocol.Mode;
import io.s3migration.protocol.Progress;
import io.s3migration.protocol.ProtocolJson;
import io.s3migration.protocol.Reason;
import io.s3migration.protocol.Summary;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator against the Fabric8 mock API server (CRUD mode), with the test playing Job controller and kubelet.
 * Each test uses its own MigrationJob name so they do not see each other's objects.
 */
@QuarkusTest
@WithKubernetesTestServer
class MigrationJobLifecycleTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String NS = "tenant-a";

    @Inject
    KubernetesClient client;

    @Test
    void createsHardenedJobWithItsSecretNetworkPolicyAndServiceAccount() {
        MigrationJob mj = start("photos");
        Job job = awaitJob("photos-1");

        // Credentials Secret: exactly the copier's four files, values copied from the tenant Secrets.
        Secret credentials = client.secrets().inNamespace(NS).withName("photos-credentials").get();
        assertEquals(Map.of(
                CredentialFiles.SOURCE_ACCESS_KEY_ID, Fixtures.b64(Fixtures.SOURCE_KEY_ID),
                CredentialFiles.SOURCE_SECRET_ACCESS_KEY, Fixtures.b64(Fixtures.SOURCE_SECRET),
                CredentialFiles.DESTINATION_ACCESS_KEY_ID, Fixtures.b64(Fixtures.DEST_KEY_ID),
                CredentialFiles.DESTINATION_SECRET_ACCESS_KEY, Fixtures.b64(Fixtures.DEST_SECRET)), credentials.getData());
        assertOwnedBy(mj, credentials.getMetadata().getOwnerReferences());

        // ServiceAccount: no token.
        var sa = client.serviceAccounts().inNamespace(NS).withName("photos-copier").get();
        assertEquals(Boolean.FALSE, sa.getAutomountServiceAccountToken());
        assertOwnedBy(mj, sa.getMetadata().getOwnerReferences());

        // Job shape.
        assertOwnedBy(mj, job.getMetadata().getOwnerReferences());
        assertEquals(2, job.getSpec().getBackoffLimit());
        assertEquals(Duration.ofDays(7).toSeconds(), job.getSpec().getActiveDeadlineSeconds());
        assertEquals((int) Duration.ofDays(1).toSeconds(), job.getSpec().getTtlSecondsAfterFinished());
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertEquals("Never", pod.getRestartPolicy());
        assertEquals("photos-copier", pod.getServiceAccountName());
        assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken());
        assertEquals(Boolean.FALSE, pod.getEnableServiceLinks());
        assertEquals(Map.of("s3migration.io/pool", "migration"), pod.getNodeSelector());
        Toleration toleration = pod.getTolerations().get(0);
        assertEquals(List.of("s3migration.io/dedicated", "Equal", "migration", "NoSchedule"),
                List.of(toleration.getKey(), toleration.getOperator(), toleration.getValue(), toleration.getEffect()));
        assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot());
        assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
        assertEquals(Map.of(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE, Labels.MIGRATION, "photos", Labels.NAME, Labels.COPIER,
                Labels.JOB, "photos-1", Labels.MODE, "copy"), job.getSpec().getTemplate().getMetadata().getLabels());

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

        // Env: exactly the protocol's names for this spec, nothing secret.
        Map<String, String> env = c.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
        CopierConfig expected = CopierConfig.of(Mode.COPY, mj.getSpec().source().toBucket(), mj.getSpec().destination().toBucket())
                .withConcurrency(8);
        assertEquals(expected.toEnv(), env);
        assertTrue(c.getEnv().stream().allMatch(e -> e.getValueFrom() == null));
        for (String secretValue : List.of(Fixtures.SOURCE_KEY_ID, Fixtures.SOURCE_SECRET, Fixtures.DEST_KEY_ID, Fixtures.DEST_SECRET)) {
            assertFalse(job.toString().contains(secretValue), "secret value in the Job");
        }

        // Credentials as read-only files, tmp as a small emptyDir.
        Volume credentialsVolume = pod.getVolumes().stream().filter(v -> v.getSecret() != null).findFirst().orElseThrow();
        assertEquals("photos-credentials", credentialsVolume.getSecret().getSecretName());
        assertEquals(0440, credentialsVolume.getSecret().getDefaultMode());
        var mount = c.getVolumeMounts().stream().filter(m -> m.getName().equals(credentialsVolume.getName())).findFirst().orElseThrow();
        assertEquals(CredentialFiles.DEFAULT_DIR, mount.getMountPath());
        assertEquals(Boolean.TRUE, mount.getReadOnly());
        Volume tmp = pod.getVolumes().stream().filter(v -> v.getEmptyDir() != null).findFirst().orElseThrow();
        assertEquals("64Mi", tmp.getEmptyDir().getSizeLimit().toString());
        assertTrue(c.getVolumeMounts().stream().anyMatch(m -> m.getName().equals(tmp.getName()) && m.getMountPath().equals("/tmp")));
        assertEquals(2, pod.getVolumes().size());

        // NetworkPolicy: only this pod, no ingress, DNS + public internet + configured CIDRs.
        NetworkPolicy np = client.network().v1().networkPolicies().inNamespace(NS).withName("photos-egress").get();
        assertOwnedBy(mj, np.getMetadata().getOwnerReferences());
        assertEquals(Map.of(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE, Labels.MIGRATION, "photos", Labels.NAME, Labels.COPIER),
                np.getSpec().getPodSelector().getMatchLabels());
        assertEquals(List.of("Ingress", "Egress"), np.getSpec().getPolicyTypes());
        assertTrue(np.getSpec().getIngress() == null || np.getSpec().getIngress().isEmpty());
        List<NetworkPolicyEgressRule> egress = np.getSpec().getEgress();
        assertEquals(3, egress.size());
        assertEquals(List.of(53, 53), egress.get(0).getPorts().stream().map(p -> p.getPort().getIntVal()).toList());
        assertEquals("kube-system", egress.get(0).getTo().get(0).getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name"));
        var v4 = egress.get(1).getTo().get(0).getIpBlock();
        assertEquals("0.0.0.0/0", v4.getCidr());
        assertTrue(v4.getExcept().containsAll(List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8",
                "169.254.0.0/16", "100.64.0.0/10")));
        var v6 = egress.get(1).getTo().get(1).getIpBlock();
        assertEquals("::/0", v6.getCidr());
        assertTrue(v6.getExcept().containsAll(List.of("::1/128", "fc00::/7", "fe80::/10")));
        assertEquals(EgressNetworkPolicy.BLOCKED_IPV6, v6.getExcept());
        assertEquals("10.20.0.0/16", egress.get(2).getTo().get(0).getIpBlock().getCidr());

        // Status: Pending until the pod runs.
        MigrationJobStatus status = awaitStatus("photos", s -> s.phase() == Phase.Pending && "photos-1".equals(s.jobName()));
        assertCondition(status, Conditions.RECONCILING, "True");
    }

    @Test
    void succeededJobEndsInSucceededWithCountsAndDeletesTheCredentialsCopy() {
        start("books");
        Job job = awaitJob("books-1");
        Fixtures.activeJob(client, job);
        Fixtures.runningPod(client, job);
        awaitStatus("books", s -> s.phase() == Phase.Running && s.startTime() != null);

        Progress done = new Progress(true, 230, 200, 28, 2, 50_000_000L, 48_000_000L, 1_000_000L, "z/last.jpg");
        Summary summary = new Summary(Mode.COPY, ExitCode.SUCCEEDED, null, "copied", done, List.of(), null);
        client.pods().inNamespace(NS).withName("books-1-run01").delete();
        Fixtures.exitedPod(client, job, 0, ProtocolJson.write(summary.fitTo(Summary.TERMINATION_MESSAGE_LIMIT)));
        Fixtures.finishJob(client, job, true);

        MigrationJobStatus status = awaitStatus("books", s -> s.phase() == Phase.Succeeded);
        assertEquals(230, status.progress().objectsTotal());
        assertEquals(200, status.progress().objectsCopied());
        assertEquals(28, status.progress().objectsSkipped());
        assertEquals(2, status.progress().objectsFailed());
        assertEquals(48_000_000L, status.progress().bytesCopied());
        assertEquals(100.0, status.progress().percent());
        assertEquals("228/230", status.progress().objects());
        assertNotNull(status.completionTime());
        assertCondition(status, Conditions.READY, "True");
        assertCondition(status, Conditions.COMPLETE, "True");
        assertCondition(status, Conditions.RECONCILING, "False");
        await().atMost(WAIT).until(() -> client.secrets().inNamespace(NS).withName("books-credentials").get() == null);
        assertEventWithReason("books", Phases.SUCCEEDED);
        assertEquals(1, jobsOf("books").size());
    }

    @Test
    void failedJobEndsInFailedWithTheCopiersMessage() {
        start("music");
        Job job = awaitJob("music-1");
        Summary summary = new Summary(Mode.COPY, ExitCode.FATAL, Reason.InvalidAccessKeyId,
                "source: The AWS Access Key Id you provided does not exist in our records (key test****e-id)",
                new Progress(false, 0, 0, 0, 0, 0, 0, 0, null), List.of(new Failure("a.txt", "403")), null);
        Fixtures.exitedPod(client, job, 1, ProtocolJson.write(summary));
        Fixtures.finishJob(client, job, false);

        MigrationJobStatus status = awaitStatus("music", s -> s.phase() == Phase.Failed);
        assertTrue(status.message().contains("The AWS Access Key Id you provided does not exist"), status.message());
        assertTrue(status.message().contains(Reason.InvalidAccessKeyId.hint()), status.message());
        assertCondition(status, Conditions.FAILED, "True");
        assertEquals("InvalidAccessKeyId", condition(status, Conditions.FAILED).getReason());
        assertCondition(status, Conditions.STALLED, "True");
        assertNotNull(status.completionTime());
        await().atMost(WAIT).until(() -> client.secrets().inNamespace(NS).withName("music-credentials").get() == null);
        assertEventWithReason("music", "InvalidAccessKeyId");
    }

    @Test
    void jobFailureWithoutSummaryUsesTheJobControllersReason() {
        start("films");
        Job job = awaitJob("films-1");
        Fixtures.finishJob(client, job, false);

        MigrationJobStatus status = awaitStatus("films", s -> s.phase() == Phase.Failed);
        assertEquals("BackoffLimitExceeded", condition(status, Conditions.FAILED).getReason());
        assertTrue(status.message().contains("backoff limit"), status.message());
    }

    @Test
    void missingSecretBlocksTheJobUntilTheSecretAppears() {
        MigrationJob mj = Fixtures.migration("videos", NS);
        client.secrets().resource(Fixtures.destinationSecret("videos", NS)).create();
        client.resource(mj).create();

        MigrationJobStatus status = awaitStatus("videos", s -> s.phase() == Phase.Pending
                && condition(s, Conditions.STALLED) != null && "True".equals(condition(s, Conditions.STALLED).getStatus()));
        assertEquals("SecretNotFound", condition(status, Conditions.STALLED).getReason());
        assertTrue(status.message().contains("videos-src"), status.message());
        assertTrue(status.message().contains("kubectl create secret generic videos-src"), status.message());
        assertTrue(jobsOf("videos").isEmpty());
        assertNull(client.secrets().inNamespace(NS).withName("videos-credentials").get());
        assertEventWithReason("videos", "SecretNotFound");

        // The Secret exists but lacks a key.
        client.secrets().resource(Fixtures.secret("videos-src", NS, Map.of("accessKeyId", "test-only-id"))).create();
        status = awaitStatus("videos", s -> "SecretKeyMissing".equals(condition(s, Conditions.STALLED).getReason()));
        assertTrue(status.message().contains("'secretAccessKey'"), status.message());
        assertTrue(jobsOf("videos").isEmpty());

        // Fixed: the operator notices on its own (periodic re-check) and starts.
        client.secrets().inNamespace(NS).withName("videos-src").delete();
        await().atMost(WAIT).until(() -> client.secrets().inNamespace(NS).withName("videos-src").get() == null);
        client.secrets().resource(Fixtures.sourceSecret("videos", NS)).create();
        awaitJob("videos-1");
        status = awaitStatus("videos", s -> "False".equals(condition(s, Conditions.STALLED).getStatus()));
        assertEquals(Phase.Pending, status.phase());
    }

    @Test
    void deletedDependentsComeBackAndNoSecondJobIsEverCreated() throws Exception {
        MigrationJob mj = start("maps");
        Job job = awaitJob("maps-1");
        Fixtures.activeJob(client, job);
        Fixtures.runningPod(client, job);
        awaitStatus("maps", s -> s.phase() == Phase.Running);

        client.network().v1().networkPolicies().inNamespace(NS).withName("maps-egress").delete();
        client.secrets().inNamespace(NS).withName("maps-credentials").delete();
        // Touch the resource to trigger reconciles besides the periodic ones.
        for (int i = 0; i < 3; i++) {
            client.resources(MigrationJob.class).inNamespace(NS).withName("maps")
                    .edit(m -> { m.getMetadata().setAnnotations(Map.of("touch", Long.toString(System.nanoTime()))); return m; });
            Thread.sleep(300);
        }
        await().atMost(WAIT).until(() -> client.network().v1().networkPolicies().inNamespace(NS).withName("maps-egress").get() != null
                && client.secrets().inNamespace(NS).withName("maps-credentials").get() != null);
        Thread.sleep(2000);
        assertEquals(List.of("maps-1"), jobsOf("maps").stream().map(j -> j.getMetadata().getName()).toList());
        assertEquals(job.getMetadata().getUid(), jobsOf("maps").get(0).getMetadata().getUid());
        assertEquals(Phase.Running, statusOf("maps").phase());
    }

    @Test
    void aJobThatVanishesIsReportedNotReplaced() {
        start("notes");
        Job job = awaitJob("notes-1");
        awaitStatus("notes", s -> "notes-1".equals(s.jobName()));
        client.batch().v1().jobs().resource(job).delete();

        MigrationJobStatus status = awaitStatus("notes", s -> s.phase() == Phase.Failed);
        assertEquals(Phases.JOB_DELETED, condition(status, Conditions.FAILED).getReason());
        assertTrue(jobsOf("notes").isEmpty());
    }

    // --- helpers

    private MigrationJob start(String name) {
        client.secrets().resource(Fixtures.sourceSecret(name, NS)).create();
        client.secrets().resource(Fixtures.destinationSecret(name, NS)).create();
        return client.resource(Fixtures.migration(name, NS)).create();
    }

    private Job awaitJob(String name) {
        await().atMost(WAIT).until(() -> client.batch().v1().jobs().inNamespace(NS).withName(name).get() != null);
        return client.batch().v1().jobs().inNamespace(NS).withName(name).get();
    }

    private List<Job> jobsOf(String mj) {
        return client.batch().v1().jobs().inNamespace(NS).withLabel(Labels.MIGRATION, mj).list().getItems();
    }

    private MigrationJobStatus statusOf(String name) {
        MigrationJob mj = client.resources(MigrationJob.class).inNamespace(NS).withName(name).get();
        return mj == null ? null : mj.getStatus();
    }

    private MigrationJobStatus awaitStatus(String name, java.util.function.Predicate<MigrationJobStatus> condition) {
        await().atMost(WAIT).ignoreExceptions().until(() -> {
            MigrationJobStatus s = statusOf(name);
            return s != null && condition.test(s);
        });
        return statusOf(name);
    }

    static io.fabric8.kubernetes.api.model.Condition condition(MigrationJobStatus status, String type) {
        return Conditions.find(status.conditions(), type).orElse(null);
    }

    private static void assertCondition(MigrationJobStatus status, String type, String expected) {
        var c = condition(status, type);
        assertNotNull(c, type + " condition missing in " + status.conditions());
        assertEquals(expected, c.getStatus(), type + " in " + status.conditions());
        assertNotNull(c.getLastTransitionTime());
        assertNotNull(c.getObservedGeneration());
    }

    private void assertEventWithReason(String mj, String reason) {
        await().atMost(WAIT).until(() -> client.v1().events().inNamespace(NS).list().getItems().stream()
                .anyMatch(e -> mj.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason())));
    }

    private static void assertOwnedBy(MigrationJob mj, List<io.fabric8.kubernetes.api.model.OwnerReference> refs) {
        assertEquals(1, refs.size());
        assertEquals("MigrationJob", refs.get(0).getKind());
        assertEquals(mj.getMetadata().getName(), refs.get(0).getName());
    }
}
