package io.s3migration.operator.e2e;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.s3migration.operator.apiserver.RealApiServer;
import io.s3migration.operator.chart.RenderedChart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The operator image (built by .ci/build-images.sh) against a real kube-apiserver (kube-api-test), with exactly
 * what the Helm chart grants it: the chart's ServiceAccount, (Cluster)Roles and bindings are applied, the
 * container gets a token of that ServiceAccount and the chart's env vars, and runs as the chart's pod would
 * (uid 65532, read-only root, no capabilities). It must start, answer /q/health/live and /q/health/ready, and
 * take a MigrationJob up to its copier Job without a single Forbidden answer. No controller-manager runs
 * here, so the Job never gets a pod: the cluster e2e tier (k3s) covers the copy itself.
 */
class OperatorImageTest {
    /** Unique per run: the other image tests share the JVM's API server. */
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String TENANT = "team-image-" + RUN;

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

            OperatorContainer.applyMigrationJob(admin, TENANT, "image-check");
            Job job = OperatorContainer.await(Duration.ofSeconds(90), () -> admin.batch().v1().jobs().inNamespace(TENANT).list()
                    .getItems().stream().findFirst().orElse(null), "the copier Job", () -> "operator log:\n" + operator.logs());
            assertEquals("s3migration/copier:image-test-" + RUN, job.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
            assertEquals(Boolean.FALSE, job.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken(),
                    "the copier pod gets no API token");
            assertNotNull(admin.network().v1().networkPolicies().inNamespace(TENANT).list().getItems().stream()
                    .findFirst().orElse(null), "egress NetworkPolicy");

            operator.assertNeverForbidden();
        }
    }
}
