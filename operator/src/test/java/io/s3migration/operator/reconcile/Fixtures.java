package io.s3migration.operator.reconcile;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.s3migration.operator.api.BucketSpec;
import io.s3migration.operator.api.MigrationJob;
import io.s3migration.operator.api.MigrationJobSpec;
import io.s3migration.operator.api.MigrationJobStatus;
import io.s3migration.operator.api.Options;
import io.s3migration.operator.api.SecretRef;
import io.s3migration.operator.resources.Labels;
import io.s3migration.protocol.ExitCode;
import io.s3migration.protocol.Mode;
import io.s3migration.protocol.Progress;
import io.s3migration.protocol.ProtocolJson;
import io.s3migration.protocol.Summary;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Test data and a tiny fake Job controller: the mock API server runs no controllers, so tests play the
 * Job controller and kubelet by writing Job status and a copier pod with a termination message.
 */
public final class Fixtures {
    public static final String SOURCE_KEY_ID = "test-source-key-id";
    public static final String SOURCE_SECRET = "test-source-secret-value";
    public static final String DEST_KEY_ID = "test-destination-key-id";
    public static final String DEST_SECRET = "test-destination-secret-value";

    private Fixtures() {
    }

    public static MigrationJob migration(String name, String namespace) {
        MigrationJob mj = new MigrationJob();
        mj.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        mj.setSpec(new MigrationJobSpec(
                new BucketSpec("https://s3.eu-west-1.amazonaws.com", "eu-west-1", "photos", "2025/", false,
                        new SecretRef(name + "-src", null, null)),
                new BucketSpec("https://storage.example.net", "us-east-1", "photos-copy", "imported/", true,
                        new SecretRef(name + "-dst", "id", "secret")),
                new Options(8)));
        return mj;
    }

    public static Secret sourceSecret(String mjName, String namespace) {
        return secret(mjName + "-src", namespace, Map.of("accessKeyId", SOURCE_KEY_ID, "secretAccessKey", SOURCE_SECRET));
    }

    public static Secret destinationSecret(String mjName, String namespace) {
        return secret(mjName + "-dst", namespace, Map.of("id", DEST_KEY_ID, "secret", DEST_SECRET, "unrelated", "not-copied"));
    }

    /** The copier container's literal env vars of a Job. */
    public static Map<String, String> env(Job job) {
        return envOf(job.getSpec().getTemplate().getSpec().getContainers().get(0));
    }

    /** A container's literal env vars. */
    public static Map<String, String> envOf(io.fabric8.kubernetes.api.model.Container container) {
        return container.getEnv().stream()
                .filter(e -> e.getValue() != null)
                .collect(java.util.stream.Collectors.toMap(io.fabric8.kubernetes.api.model.EnvVar::getName,
                        io.fabric8.kubernetes.api.model.EnvVar::getValue));
    }

    /** Changes a MigrationJob's spec as a user's edit would. */
    public static void editSpec(KubernetesClient client, String namespace, String name,
                                UnaryOperator<MigrationJobSpec> change) {
        retryingConflicts(() -> client.resources(MigrationJob.class).inNamespace(namespace).withName(name).edit(m -> {
            m.setSpec(change.apply(m.getSpec()));
            return m;
        }));
    }

    /** Writes into a MigrationJob's status what the operator would have read from a copier pod's log. */
    public static void editStatus(KubernetesClient client, String namespace, String name,
                                  UnaryOperator<MigrationJobStatus> change) {
        retryingConflicts(() -> client.resources(MigrationJob.class).inNamespace(namespace).withName(name).editStatus(m -> {
            m.setStatus(change.apply(m.getStatus()));
            return m;
        }));
    }

    /**
     * Runs an edit again when it lost a race: an edit sends the resourceVersion it read, and a running operator
     * may write the resource in between (409 Conflict), as it does to a user's kubectl edit.
     */
    public static void retryingConflicts(Runnable edit) {
        for (int attempt = 1; ; attempt++) {
            try {
                edit.run();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 10) {
                    throw e;
                }
            }
        }
    }

    /** Creates the two tenant Secrets a migration named {@code mjName} refers to. */
    public static void createSecrets(KubernetesClient client, String mjName, String namespace) {
        client.resource(sourceSecret(mjName, namespace)).create();
        client.resource(destinationSecret(mjName, namespace)).create();
    }

    /** A tenant Secret marked as migration credentials (the label every Secret a MigrationJob names must carry). */
    public static Secret secret(String name, String namespace, Map<String, String> values) {
        SecretBuilder b = new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .addToLabels(Labels.CREDENTIALS, Labels.CREDENTIALS_VALUE).endMetadata();
        values.forEach((k, v) -> b.addToData(k, b64(v)));
        return b.build();
    }

    public static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Plays kubelet: a copier pod of {@code job} that has exited with {@code exitCode} and {@code message}. */
    public static Pod exitedPod(KubernetesClient client, Job job, int exitCode, String terminationMessage) {
        Pod pod = new PodBuilder()
                .withNewMetadata()
                .withName(job.getMetadata().getName() + "-abcde")
                .withNamespace(job.getMetadata().getNamespace())
                .withLabels(job.getSpec().getTemplate().getMetadata().getLabels())
                .withCreationTimestamp(Instant.now().toString())
                .endMetadata()
                .withSpec(job.getSpec().getTemplate().getSpec())
                .withNewStatus()
                .withPhase(exitCode == 0 ? "Succeeded" : "Failed")
                .withContainerStatuses(new ContainerStatusBuilder()
                        .withName("copier")
                        .withNewState().withNewTerminated().withExitCode(exitCode).withMessage(terminationMessage)
                        .withReason(exitCode == 0 ? "Completed" : "Error").endTerminated().endState()
                        .build())
                .endStatus()
                .build();
        return client.pods().resource(pod).create();
    }

    /** Plays kubelet: a running copier pod of {@code job}. */
    public static Pod runningPod(KubernetesClient client, Job job) {
        Pod pod = new PodBuilder()
                .withNewMetadata()
                .withName(job.getMetadata().getName() + "-run01")
                .withNamespace(job.getMetadata().getNamespace())
                .withLabels(job.getSpec().getTemplate().getMetadata().getLabels())
                .withCreationTimestamp(Instant.now().toString())
                .endMetadata()
                .withSpec(job.getSpec().getTemplate().getSpec())
                .withNewStatus().withPhase("Running").endStatus()
                .build();
        return client.pods().resource(pod).create();
    }

    /** Plays the Job controller: marks the Job complete or failed. */
    public static void finishJob(KubernetesClient client, Job job, boolean succeeded) {
        Job current = client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).withName(job.getMetadata().getName()).get();
        String now = Instant.now().toString();
        current.setStatus(new JobStatusBuilder()
                .withActive(0)
                .withSucceeded(succeeded ? 1 : 0)
                .withFailed(succeeded ? 0 : 1)
                .withStartTime(now)
                .withCompletionTime(succeeded ? now : null)
                .withConditions(new JobConditionBuilder()
                        .withType(succeeded ? "Complete" : "Failed").withStatus("True")
                        .withReason(succeeded ? null : "BackoffLimitExceeded")
                        .withMessage(succeeded ? null : "Job has reached the specified backoff limit")
                        .withLastTransitionTime(now).build())
                .build());
        client.batch().v1().jobs().resource(current).updateStatus();
    }

    /** Plays the pre-flight pod and the Job controller: the pre-flight Job ends with {@code summary}. */
    public static void finishWith(KubernetesClient client, Job job, Summary summary) {
        boolean ok = summary.exitCode() == ExitCode.SUCCEEDED;
        exitedPod(client, job, summary.exitCode().code(), ProtocolJson.write(summary.fitTo(Summary.TERMINATION_MESSAGE_LIMIT)));
        finishJob(client, job, ok);
    }

    public static Summary preflightPassed() {
        return new Summary(Mode.PREFLIGHT, ExitCode.SUCCEEDED, null, "source listed, probe written and deleted", Progress.NONE, List.of(), null);
    }

    /** Plays the Job controller: one active pod. */
    public static void activeJob(KubernetesClient client, Job job) {
        Job current = client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).withName(job.getMetadata().getName()).get();
        current.setStatus(new JobStatusBuilder().withActive(1).withReady(1).withStartTime(Instant.now().toString()).build());
        client.batch().v1().jobs().resource(current).updateStatus();
    }
}
