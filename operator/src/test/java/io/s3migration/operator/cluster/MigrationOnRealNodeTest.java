package io.s3migration.operator.cluster;

import io.s3migration.operator.api.StatusReason;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.s3migration.operator.api.MigrationJob;
import io.s3migration.operator.api.Phase;
import io.s3migration.operator.reconcile.Phases;
import io.s3migration.operator.resources.CredentialsSecret;
import io.s3migration.protocol.CredentialFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proofs 2-5: one migration applied as a user would (the MigrationJob first, its Secrets a moment later), run by
 * the real Job controller, scheduler and kubelet on the dedicated node, checked afterwards with rclone.
 */
@ExtendWith(RealClusterAvailable.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MigrationOnRealNodeTest {
    private static final String NAME = "photos";
    private static final String BUCKET = "photos";
    private static final int OBJECTS = 400;

    private Tenant tenant;
    private Rclone rclone;
    private StatusRecorder recorder;
    private MigrationJob done;
    private String jobName;
    private String lockdownProbe;
    private Pod copyPod;

    @BeforeAll
    void migrate() {
        tenant = Tenant.create("t-node");
        rclone = new Rclone(tenant.cluster().storage);
        rclone.seed(BUCKET, "2025/", OBJECTS, 24 * 1024);
        recorder = new StatusRecorder(tenant, NAME);
        // ~1 MiB/s keeps the copy pod running for ~10 s: long enough to look inside it.
        tenant.applyMigration(NAME, BUCKET, "options: {bandwidthLimit: 1Mi, concurrency: 4}");
        tenant.awaitPhase(NAME, Phase.Pending);
        tenant.applySecrets();
        jobName = tenant.awaitPhase(NAME, Phase.Running).getStatus().jobName();
        Pod running = tenant.awaitRunningPod(jobName);
        lockdownProbe = tenant.exec(running.getMetadata().getName(), """
                echo "uid=$(id -u) gid=$(id -g)"
                if touch /probe 2>/dev/null; then echo root-writable; else echo root-read-only; fi
                if touch /tmp/probe 2>/dev/null; then echo tmp-writable; fi
                if [ -e /var/run/secrets/kubernetes.io/serviceaccount/token ]; then echo token-mounted; else echo no-token; fi
                for f in %s/*; do echo "file $(basename "$f") $(stat -L -c '%%a %%u %%g' "$f") $(cat "$f" | wc -c)"; done
                """.formatted(CredentialFiles.DEFAULT_DIR));
        done = tenant.awaitPhase(NAME, Phase.Succeeded);
        RealCluster.await("the recorder to sample Succeeded", Duration.ofSeconds(10), () -> recorder.phases().contains(Phase.Succeeded));
        recorder.close();
        copyPod = tenant.podsOf(jobName).get(0);
    }

    @AfterAll
    void stopRecording() {
        if (recorder != null) {
            recorder.close();
        }
    }

    @Test
    void aMigrationAppliedAsAUserWouldRunsPendingPreflightRunningVerifyingSucceededAndEveryObjectArrivesByteForByte() {
        assertEquals(List.of(Phase.Pending, Phase.Preflight, Phase.Running, Phase.Verifying, Phase.Succeeded), recorder.phases());
        assertEquals(OBJECTS, done.getStatus().progress().objectsCopied(), () -> "status: " + done.getStatus());
        assertEquals(0, done.getStatus().progress().objectsFailed());
        assertEquals(OBJECTS, rclone.list("dst:" + BUCKET).size());
        Command.Result check = rclone.checkDownload(BUCKET);
        assertTrue(check.ok(), () -> "rclone check --download: " + check.err());
    }

    @Test
    void theDedicatedNodeRefusesAPodWithoutTheTolerationAndTheCopyPodLandsOnIt() {
        RealCluster cluster = tenant.cluster();
        Node node = cluster.client.nodes().withName(cluster.node).get();
        assertEquals("true", node.getMetadata().getLabels().get(RealCluster.DEDICATED));
        assertTrue(node.getSpec().getTaints().stream().map(Taint::getKey).anyMatch(RealCluster.DEDICATED::equals));

        assertEquals(cluster.node, copyPod.getSpec().getNodeName());
        assertEquals("true", copyPod.getSpec().getNodeSelector().get(RealCluster.DEDICATED));
        assertTrue(copyPod.getSpec().getTolerations().stream().map(Toleration::getKey).anyMatch(RealCluster.DEDICATED::equals));

        Pod intruder = cluster.client.resource(new PodBuilder().withNewMetadata().withName("no-toleration")
                .withNamespace(tenant.namespace()).endMetadata()
                .withNewSpec().addNewContainer().withName("main").withImage("docker.io/library/busybox:s3m-local")
                .withImagePullPolicy("Never").withCommand("sleep", "60").endContainer().endSpec().build()).create();
        PodCondition[] scheduled = new PodCondition[1];
        RealCluster.await("the scheduler's verdict on a pod without the toleration", Duration.ofSeconds(60), () -> {
            Pod pod = cluster.client.resource(intruder).get();
            scheduled[0] = pod.getStatus().getConditions().stream().filter(c -> "PodScheduled".equals(c.getType())).findFirst().orElse(null);
            return scheduled[0] != null;
        });
        assertEquals("False", scheduled[0].getStatus(), () -> "scheduled: " + scheduled[0]);
        assertEquals("Unschedulable", scheduled[0].getReason());
        assertTrue(scheduled[0].getMessage().contains("untolerated taint"), scheduled[0].getMessage());
        cluster.client.resource(intruder).withGracePeriod(0).delete();
    }

    @Test
    void theCopyPodRanLockedDownAndItsLogAndTerminationMessageReachedTheStatus() {
        // Inside the running pod: non-root, read-only root, /tmp writable, no API token, credentials as 0440 files
        // of group 65532, which the copier (uid 65532) reads and no other user may.
        assertTrue(lockdownProbe.contains("uid=65532 gid=65532"), lockdownProbe);
        assertTrue(lockdownProbe.contains("root-read-only") && lockdownProbe.contains("tmp-writable"), lockdownProbe);
        assertTrue(lockdownProbe.contains("no-token"), lockdownProbe);
        for (String file : List.of(CredentialFiles.SOURCE_ACCESS_KEY_ID, CredentialFiles.SOURCE_SECRET_ACCESS_KEY,
                CredentialFiles.DESTINATION_ACCESS_KEY_ID, CredentialFiles.DESTINATION_SECRET_ACCESS_KEY)) {
            assertTrue(lockdownProbe.matches("(?s).*file " + file + " 440 0 65532 [1-9][0-9]*\n.*"), () -> file + ": " + lockdownProbe);
        }
        assertEquals(4, lockdownProbe.lines().filter(l -> l.startsWith("file ")).count(), lockdownProbe);
        assertFalse(copyPod.getSpec().getAutomountServiceAccountToken());
        assertTrue(copyPod.getSpec().getContainers().get(0).getSecurityContext().getReadOnlyRootFilesystem());
        List<String> secrets = List.of(tenant.cluster().storage.source().secretAccessKey(),
                tenant.cluster().storage.destination().secretAccessKey());
        for (EnvVar env : copyPod.getSpec().getContainers().get(0).getEnv()) {
            assertFalse(env.getValue() != null && secrets.stream().anyMatch(env.getValue()::contains), env.getName());
        }

        String summary = copyPod.getStatus().getContainerStatuses().get(0).getState().getTerminated().getMessage();
        assertTrue(summary.contains("\"objectsCopied\":" + OBJECTS), summary);
        assertTrue(done.getStatus().message().startsWith("Done: " + OBJECTS + " objects copied"), done.getStatus().message());

        String log = tenant.cluster().kubectl("-n", tenant.namespace(), "logs", "job/" + jobName);
        List<String> progressLines = log.lines().filter(l -> l.startsWith("{") && l.contains("\"type\":\"progress\"")).toList();
        assertFalse(progressLines.isEmpty(), log);
        // Counts shown while the copy ran came from the pod's log: each is in one of its progress lines.
        List<Long> shown = recorder.samples().stream().map(StatusRecorder.Sample::status)
                .filter(s -> s.phase() == Phase.Running && s.progress() != null && s.progress().objectsCopied() > 0
                        && s.progress().objectsCopied() < OBJECTS)
                .map(s -> s.progress().objectsCopied()).distinct().toList();
        assertFalse(shown.isEmpty(), "no progress was shown while the copy ran");
        for (long copied : shown) {
            assertTrue(progressLines.stream().anyMatch(l -> l.contains("\"objectsCopied\":" + copied + ",")),
                    () -> "status showed " + copied + " objects copied, which no progress line says:\n" + log);
        }
    }

    @Test
    void afterSuccessTheCredentialsCopyIsGoneAndTheTenantSecretsFollowDeleteWhenDone() {
        RealCluster cluster = tenant.cluster();
        RealCluster.await("the operator's credentials copy and the tenant Secrets deleted", Duration.ofSeconds(30),
                () -> cluster.client.secrets().inNamespace(tenant.namespace()).withName(CredentialsSecret.name(done)).get() == null
                        && cluster.client.secrets().inNamespace(tenant.namespace()).withName(Tenant.SOURCE_SECRET).get() == null
                        && cluster.client.secrets().inNamespace(tenant.namespace()).withName(Tenant.DESTINATION_SECRET).get() == null);
    }

    /**
     * Found on the real cluster: every phase change was decided twice from a stale status (a 409 on the status
     * patch, the Event emitted twice), and "JobPending" showed after the copy had finished.
     */
    @Test
    void everyTransitionIsOneEventAndNoCopyThatRanIsReportedAsWaitingForItsPod() {
        List<Event> events = tenant.cluster().client.v1().events().inNamespace(tenant.namespace()).list().getItems().stream()
                .filter(e -> NAME.equals(e.getInvolvedObject().getName()) && "MigrationJob".equals(e.getInvolvedObject().getKind()))
                .toList();
        Map<String, Long> byReason = events.stream().collect(Collectors.groupingBy(Event::getReason,
                Collectors.summingLong(e -> e.getCount() == null ? 1 : e.getCount())));
        assertFalse(byReason.isEmpty());
        byReason.forEach((reason, count) -> assertEquals(1L, count, () -> "Event " + reason + " emitted " + count + " times: " + byReason));

        boolean sawProgress = false;
        for (StatusRecorder.Sample sample : recorder.samples()) {
            sawProgress |= sample.status().progress() != null && sample.status().progress().objectsCopied() > 0;
            boolean pendingAfterProgress = sawProgress && sample.status().conditions() != null
                    && sample.status().conditions().stream().anyMatch(c -> StatusReason.JobPending.name().equals(c.getReason()));
            assertFalse(pendingAfterProgress, () -> "JobPending after the copy had run: " + sample.status());
        }
        String operatorLog = tenant.cluster().operatorLog();
        // An HTTP 409, not any "409" (CI run 10 failed on the log timestamp 12:26:08,409).
        assertFalse(java.util.regex.Pattern.compile("(?<![,.:\\d])409(?!\\d)|Conflict").matcher(operatorLog).find(),
                () -> "the operator logged a conflict:\n" + operatorLog);
        assertNull(operatorLog.lines().filter(l -> l.contains("reconcile of MigrationJob " + tenant.namespace())).findFirst().orElse(null));
    }
}
