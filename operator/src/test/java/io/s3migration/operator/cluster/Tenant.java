package io.s3migration.operator.cluster;

import io.fabric8.kubernetes.api.model.Pod;
import io.s3migration.operator.api.MigrationJob;
import io.s3migration.operator.api.Phase;
import io.s3migration.operator.resources.Labels;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One tenant namespace on the real cluster: its credentials Secrets and MigrationJobs, written as the YAML a
 * user applies with kubectl, copying between the two MinIO pods.
 */
record Tenant(RealCluster cluster, String namespace) {
    static final String SOURCE_SECRET = "source-readonly";
    static final String DESTINATION_SECRET = "destination-writer";

    static Tenant create(String namespace) {
        RealCluster cluster = RealCluster.ready();
        return new Tenant(cluster, cluster.tenant(namespace));
    }

    /** The two Secrets with the MinIO servers' keys, as a tenant creates them from what their providers gave them. */
    void applySecrets() {
        cluster.apply(secretYaml(SOURCE_SECRET, cluster.storage.source().accessKeyId(), cluster.storage.source().secretAccessKey())
                + "---\n" + secretYaml(DESTINATION_SECRET, cluster.storage.destination().accessKeyId(),
                cluster.storage.destination().secretAccessKey()));
    }

    String secretYaml(String name, String accessKeyId, String secretAccessKey) {
        return """
                apiVersion: v1
                kind: Secret
                metadata: {name: %s, namespace: %s, labels: {s3migration.io/credentials: "true"}}
                stringData: {accessKeyId: "%s", secretAccessKey: "%s"}
                """.formatted(name, namespace, accessKeyId, secretAccessKey);
    }

    /**
     * A MigrationJob copying s3://bucket from the source MinIO into the destination MinIO; {@code extraSpec} is YAML.
     * The destination names no endpoint: it is the platform's storage ({@code platform.storage.endpoint}), so every
     * migration here also proves what the chart derives from that one value (allowlist entry, allowed destination,
     * the /32 its NetworkPolicy opens).
     */
    void applyMigration(String name, String bucket, String extraSpec) {
        cluster.apply(migrationYaml(name, cluster.storage.source().endpoint(), bucket, extraSpec));
    }

    String migrationYaml(String name, String sourceEndpoint, String bucket, String extraSpec) {
        return """
                apiVersion: s3migration.io/v1alpha1
                kind: MigrationJob
                metadata: {name: %s, namespace: %s}
                spec:
                  source:
                    endpoint: %s
                    region: us-east-1
                    bucket: %s
                    pathStyle: true
                    credentialsSecretRef: {name: %s}
                  destination:
                    region: us-east-1
                    bucket: %s
                    pathStyle: true
                    credentialsSecretRef: {name: %s}
                %s
                """.formatted(name, namespace, sourceEndpoint, bucket, SOURCE_SECRET, bucket, DESTINATION_SECRET, extraSpec.indent(2).stripTrailing());
    }

    MigrationJob get(String name) {
        return cluster.migrationJob(namespace, name);
    }

    MigrationJob awaitPhase(String name, Phase phase) {
        return cluster.awaitMigration(namespace, name, RealCluster.MIGRATION_TIMEOUT,
                mj -> mj.getStatus() != null && mj.getStatus().phase() == phase);
    }

    /** Waits until the copy runs and has copied at least {@code objects} objects (status read from the pod log). */
    MigrationJob awaitCopied(String name, long objects) {
        return cluster.awaitMigration(namespace, name, RealCluster.MIGRATION_TIMEOUT,
                mj -> mj.getStatus() != null && mj.getStatus().phase() == Phase.Running && mj.getStatus().progress() != null
                        && mj.getStatus().progress().objectsCopied() >= objects);
    }

    void patchSpec(String name, String json) {
        cluster.kubectl("-n", namespace, "patch", "mj", name, "--type", "merge", "-p", "{\"spec\":" + json + "}");
    }

    /** The pods of one copier Job, oldest first (deleted ones included while they terminate). */
    List<Pod> podsOf(String jobName) {
        return cluster.client.pods().inNamespace(namespace).withLabel(Labels.JOB, jobName).list().getItems().stream()
                .sorted(Comparator.comparing(p -> p.getMetadata().getCreationTimestamp())).toList();
    }

    /** The copier pods of a MigrationJob (all its Jobs). */
    List<Pod> copierPods(String name) {
        return cluster.client.pods().inNamespace(namespace).withLabel(Labels.MIGRATION, name).list().getItems();
    }

    Optional<Pod> runningPodOf(String jobName) {
        return podsOf(jobName).stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .filter(p -> "Running".equals(p.getStatus().getPhase())).findFirst();
    }

    Pod awaitRunningPod(String jobName) {
        Pod[] pod = new Pod[1];
        RealCluster.await("a running pod of Job " + jobName, Duration.ofMinutes(2), () -> {
            pod[0] = runningPodOf(jobName).orElse(null);
            return pod[0] != null;
        });
        return pod[0];
    }

    /** Runs a shell script in a pod (kubectl exec), returning stdout and stderr together. */
    String exec(String pod, String script) {
        Command.Result result = RealCluster.kubectlCommand("-n", namespace, "exec", pod, "--", "sh", "-c", script).run();
        return result.out() + result.err();
    }
}
