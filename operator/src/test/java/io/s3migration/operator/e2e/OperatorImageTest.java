package io.s3migration.operator.e2e;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.s3migration.operator.apiserver.MigrationJobCrd;
import io.s3migration.operator.apiserver.RealApiServer;
import io.s3migration.operator.chart.RenderedChart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import static io.s3migration.operator.chart.RenderedChart.NAMESPACE;
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
    static final String IMAGE = System.getProperty("s3m.operator.image", "s3migration/operator:dev");
    /** Unique per run: other operator instances may share the JVM's API server (the operator's own tests). */
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String TENANT = "team-image-" + RUN;
    private static final KubernetesSerialization YAML = new KubernetesSerialization();
    private String container;

    @AfterEach
    void removeContainer() {
        if (container != null) {
            DockerCli.docker("rm", "-f", container);
        }
    }

    @Test
    void startsWithTheChartsRbacAnswersHealthAndCreatesTheCopierJob(@TempDir Path dir) throws Exception {
        Optional<String> reason = DockerCli.cannotRun(IMAGE);
        reason.ifPresent(r -> System.out.println("SKIPPED operator image tier: " + r));
        Assumptions.assumeTrue(reason.isEmpty(), () -> reason.orElseThrow());
        RealApiServer server = RealApiServer.shared();

        // Watching only the tenant namespace renders namespaced Roles (the chart's narrower RBAC mode). The
        // allowlisted endpoints are IP literals, so the endpoint policy needs no DNS on this machine. The copier
        // tag is unique, so the Job found below is this container's work and no other operator's.
        RenderedChart chart = RenderedChart.render(RenderedChart.values(
                "watchNamespaces", List.of(TENANT),
                "copier.image.tag", "image-test-" + RUN,
                "endpoints.allowlist", List.of("https://198.51.100.7", "https://198.51.100.8")));
        try (KubernetesClient admin = server.adminClient()) {
            MigrationJobCrd.apply(admin);
            createNamespace(admin, NAMESPACE);
            createNamespace(admin, TENANT);
            for (Class<? extends HasMetadata> kind : List.of(ServiceAccount.class, ClusterRole.class,
                    ClusterRoleBinding.class, Role.class, RoleBinding.class)) {
                chart.all(kind).forEach(o -> admin.resource(o).createOr(existing -> existing.update()));
            }
            ServiceAccount account = chart.all(ServiceAccount.class).get(0);
            Path kubeconfig = writeKubeconfig(dir, server, tokenOf(admin, account));

            int port = freePort();
            container = "s3m-operator-it-" + UUID.randomUUID().toString().substring(0, 8);
            DockerCli.Output started = DockerCli.docker(Duration.ofSeconds(60), runArgs(chart.deployment(), kubeconfig, port));
            assertEquals(0, started.exitCode(), () -> "docker run: " + started.text());

            awaitHttp200(port, "/q/health/live", Duration.ofMinutes(3));
            awaitHttp200(port, "/q/health/ready", Duration.ofSeconds(30));

            applyMigrationJob(admin);
            Job job = await(Duration.ofSeconds(90), () -> admin.batch().v1().jobs().inNamespace(TENANT).list().getItems()
                    .stream().findFirst().orElse(null), "the copier Job");
            assertEquals("s3migration/copier:image-test-" + RUN, job.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
            assertEquals(Boolean.FALSE, job.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken(),
                    "the copier pod gets no API token");
            assertNotNull(admin.network().v1().networkPolicies().inNamespace(TENANT).list().getItems().stream()
                    .findFirst().orElse(null), "egress NetworkPolicy");

            String logs = DockerCli.docker("logs", container).text();
            assertFalse(logs.contains("Forbidden") || logs.contains("forbidden"),
                    "the chart's RBAC must cover what the operator does; log:\n" + logs);
        }
    }

    private static void createNamespace(KubernetesClient admin, String name) {
        if (admin.namespaces().withName(name).get() == null) {
            admin.resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        }
    }

    private static String tokenOf(KubernetesClient admin, ServiceAccount account) {
        return admin.serviceAccounts().inNamespace(NAMESPACE).withName(account.getMetadata().getName())
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
                .getStatus().getToken();
    }

    /** A kubeconfig holding only the ServiceAccount's token: the operator gets nothing the chart does not grant. */
    private static Path writeKubeconfig(Path dir, RealApiServer server, String token) throws IOException {
        Config admin = Config.fromKubeconfig(server.kubeConfigYaml());
        String ca = admin.getCaCertData() != null ? admin.getCaCertData()
                : java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(admin.getCaCertFile())));
        String yaml = YAML.asYaml(Map.of(
                "apiVersion", "v1", "kind", "Config", "current-context", "operator",
                "clusters", List.of(Map.of("name", "test", "cluster",
                        Map.of("server", admin.getMasterUrl(), "certificate-authority-data", ca))),
                "users", List.of(Map.of("name", "operator", "user", Map.of("token", token))),
                "contexts", List.of(Map.of("name", "operator", "context",
                        Map.of("cluster", "test", "user", "operator", "namespace", NAMESPACE)))));
        Path file = dir.resolve("kubeconfig");
        Files.writeString(file, yaml);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    /** docker run with the chart's env and the restrictions of its pod securityContext. */
    private List<String> runArgs(Deployment deployment, Path kubeconfig, int port) {
        List<String> args = new ArrayList<>(List.of("run", "-d", "--name", container, "--network", "host",
                "--read-only", "--user", "65532:65532", "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
                "--tmpfs", "/tmp:rw,size=64m", "--memory", "512m",
                "-v", kubeconfig + ":/var/run/s3migration/kubeconfig:ro",
                "-e", "KUBECONFIG=/var/run/s3migration/kubeconfig",
                "-e", "POD_NAMESPACE=" + NAMESPACE,
                "-e", "QUARKUS_HTTP_PORT=" + port));
        deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(env -> env.getValue() != null)
                .forEach(env -> args.addAll(List.of("-e", env.getName() + "=" + env.getValue())));
        args.add(IMAGE);
        return args;
    }

    private static void applyMigrationJob(KubernetesClient admin) {
        for (String name : List.of("source-keys", "destination-keys")) {
            admin.resource(new SecretBuilder().withNewMetadata().withName(name).withNamespace(TENANT).endMetadata()
                    .addToStringData("accessKeyId", "TESTKEY-" + name).addToStringData("secretAccessKey", "test-secret-" + name)
                    .build()).create();
        }
        GenericKubernetesResource mj = YAML.unmarshal("""
                apiVersion: s3migration.io/v1alpha1
                kind: MigrationJob
                metadata: {name: image-check, namespace: %s}
                spec:
                  source: {endpoint: "https://198.51.100.7", region: us-east-1, bucket: photos, credentialsSecretRef: {name: source-keys}}
                  destination: {endpoint: "https://198.51.100.8", region: us-east-1, bucket: photos, credentialsSecretRef: {name: destination-keys}}
                """.formatted(TENANT), GenericKubernetesResource.class);
        admin.resource(mj).create();
    }

    private void awaitHttp200(int port, String path, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        String last = "no answer";
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpURLConnection http = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL().openConnection();
                http.setConnectTimeout(1000);
                http.setReadTimeout(2000);
                int status = http.getResponseCode();
                if (status == 200) {
                    return;
                }
                last = "HTTP " + status;
            } catch (IOException e) {
                last = e.toString();
            }
            if (!DockerCli.docker("inspect", "--format", "{{.State.Running}}", container).text().strip().equals("true")) {
                fail("the operator container exited; log:\n" + DockerCli.docker("logs", container).text());
            }
            Thread.sleep(1000);
        }
        fail(path + " did not answer 200 within " + timeout + " (" + last + "); log:\n" + DockerCli.docker("logs", container).text());
    }

    private <T> T await(Duration timeout, Supplier<T> probe, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            Thread.sleep(1000);
        }
        return fail(what + " did not appear within " + timeout + "; operator log:\n" + DockerCli.docker("logs", container).text());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
