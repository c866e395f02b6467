package io.s3migration.operator.e2e;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.s3migration.operator.apiserver.RealApiServer;
import io.s3migration.operator.chart.RenderedChart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The operator image (built by .ci/build-images.sh) against a real kube-apiserver (kube-api-test), with exactly
 * what the Helm chart grants it: the chart's ServiceAccount, (Cluster)Roles and bindings are applied, the
 * container gets a token of that ServiceAccount and the chart's env vars, and runs as the chart's pod would
 * (uid 65532, read-only root, no capabilities). It must start, answer /q/health/live and /q/health/ready, and
 * take a MigrationJob up to its copier Job without a single Forbidden answer. No controller-manager runs
 * here, so the Job never gets a pod: the cluster e2e tier (k3s) covers the copy itself.
 */
class OperatorImageTest {
    /** Unique per run: other operator instances may share the JVM's API server (the operator's own tests). */
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String TENANT = "team-image-" + RUN;
    private static final KubernetesSerialization YAML = new KubernetesSerialization();

    @Test
    void startsWithTheChartsRbacAnswersHealthAndCreatesTheCopierJob(@TempDir Path dir) throws Exception {
        RealApiServer server = OperatorContainer.assumeImageAndApiServer("operator image tier");
        // The copier tag is unique, so the Job found below is this container's work and no other operator's.
        RenderedChart chart = OperatorContainer.chartFor(TENANT, "image-test-" + RUN);
        try (KubernetesClient admin = server.adminClient();
             OperatorContainer operator = OperatorContainer.start("s3m-operator-it-" + RUN, chart.deployment(),
                     OperatorContainer.installChartRbac(server, admin, chart, dir, List.of(TENANT)))) {
            operator.awaitHttp200("/q/health/live", Duration.ofMinutes(3));
            operator.awaitHttp200("/q/health/ready", Duration.ofSeconds(30));

            applyMigrationJob(admin, TENANT, "image-check");
            Job job = await(Duration.ofSeconds(90), () -> admin.batch().v1().jobs().inNamespace(TENANT).list()
                    .getItems().stream().findFirst().orElse(null), "the copier Job", () -> "operator log:\n" + operator.logs());
            assertEquals("s3migration/copier:image-test-" + RUN, job.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
            assertEquals(Boolean.FALSE, job.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken(),
                    "the copier pod gets no API token");
            assertNotNull(admin.network().v1().networkPolicies().inNamespace(TENANT).list().getItems().stream()
                    .findFirst().orElse(null), "egress NetworkPolicy");

            String logs = operator.logs();
            assertFalse(logs.contains("Forbidden") || logs.contains("forbidden"),
                    "the chart's RBAC must cover what the operator does; log:\n" + logs);
        }
    }

    /** The tenant's two Secrets and a MigrationJob between the two allowlisted IP-literal endpoints. */
    static void applyMigrationJob(KubernetesClient admin, String namespace, String migration) {
        for (String name : List.of("source-keys", "destination-keys")) {
            admin.resource(new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                    .addToStringData("accessKeyId", "TESTKEY-" + name).addToStringData("secretAccessKey", "test-secret-" + name)
                    .build()).create();
        }
        GenericKubernetesResource mj = YAML.unmarshal("""
                apiVersion: s3migration.io/v1alpha1
                kind: MigrationJob
                metadata: {name: %s, namespace: %s}
                spec:
                  source: {endpoint: "https://198.51.100.7", region: us-east-1, bucket: photos, credentialsSecretRef: {name: source-keys}}
                  destination: {endpoint: "https://198.51.100.8", region: us-east-1, bucket: photos, credentialsSecretRef: {name: destination-keys}}
                """.formatted(migration, namespace), GenericKubernetesResource.class);
        admin.resource(mj).create();
    }

    /** Polls {@code probe} until it gives a value; fails with {@code diagnostics} (the operators' logs). */
    static <T> T await(Duration timeout, Supplier<T> probe, String what, Supplier<String> diagnostics) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            Thread.sleep(1000);
        }
        return fail(what + " did not happen within " + timeout + "; " + diagnostics.get());
    }
}
