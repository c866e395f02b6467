package io.s3migration.operator.e2e;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.s3migration.operator.resources.Labels;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
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
import org.junit.jupiter.api.Assumptions;

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
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static io.s3migration.operator.chart.RenderedChart.NAMESPACE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * One operator replica: the operator image run by Docker as the chart's pod would run it (uid 65532, read-only
 * root, no capabilities, the chart's env), authenticated with a token of the chart's ServiceAccount, so it holds
 * exactly the chart's RBAC. {@code HOSTNAME} is the container name, as a pod's is its pod name: it is the
 * replica's leader-election identity.
 */
final class OperatorContainer implements AutoCloseable {
    static final String IMAGE = System.getProperty("s3m.operator.image", "s3migration/operator:dev");
    private static final KubernetesSerialization YAML = new KubernetesSerialization();
    /** Allowlisted IP literals (TEST-NET-2: the policy needs no DNS); nothing connects to them, no copier runs here. */
    static final String SOURCE_ENDPOINT = "https://198.51.100.7";
    static final String DESTINATION_ENDPOINT = "https://198.51.100.8";

    final String name;
    private final int port;

    private OperatorContainer(String name, int port) {
        this.name = name;
        this.port = port;
    }

    /** The real API server for a test of the operator image; skips (saying why) without Docker, image or server. */
    static RealApiServer assumeImageAndApiServer(String tier) {
        Optional<String> reason = DockerCli.cannotRun(IMAGE);
        reason.ifPresent(r -> System.out.println("SKIPPED " + tier + ": " + r));
        Assumptions.assumeTrue(reason.isEmpty(), () -> reason.orElseThrow());
        return RealApiServer.shared();
    }

    /**
     * The chart watching only {@code tenant} (so it renders namespaced Roles, its narrower RBAC mode), with the
     * copier image tag {@code copierTag} and IP-literal allowlisted endpoints (the endpoint policy needs no DNS
     * here), plus {@code moreValues}.
     */
    static RenderedChart chartFor(String tenant, String copierTag, Object... moreValues) {
        List<Object> values = new ArrayList<>(List.of("watchNamespaces", List.of(tenant),
                "copier.image.tag", copierTag,
                "endpoints.allowlist", List.of(SOURCE_ENDPOINT, DESTINATION_ENDPOINT)));
        values.addAll(List.of(moreValues));
        return RenderedChart.render(RenderedChart.values(values.toArray()));
    }

    /**
     * Installs what the chart installs before its Deployment (the CRD, the operator and tenant namespaces, the
     * ServiceAccount and RBAC objects) and returns a kubeconfig in {@code dir} holding only that ServiceAccount's
     * token.
     */
    static Path installChartRbac(RealApiServer server, KubernetesClient admin, RenderedChart chart, Path dir,
                                 List<String> tenantNamespaces) throws IOException {
        MigrationJobCrd.apply(admin);
        createNamespace(admin, NAMESPACE);
        tenantNamespaces.forEach(ns -> createNamespace(admin, ns));
        for (Class<? extends HasMetadata> kind : List.of(ServiceAccount.class, ClusterRole.class,
                ClusterRoleBinding.class, Role.class, RoleBinding.class)) {
            chart.all(kind).forEach(o -> admin.resource(o).createOr(existing -> existing.update()));
        }
        ServiceAccount account = chart.all(ServiceAccount.class).get(0);
        String token = admin.serviceAccounts().inNamespace(NAMESPACE).withName(account.getMetadata().getName())
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
                .getStatus().getToken();
        return writeKubeconfig(dir, server, token);
    }

    /** docker run -d: the replica named {@code name}, with the Deployment's literal env vars. */
    static OperatorContainer start(String name, Deployment deployment, Path kubeconfig) throws IOException {
        OperatorContainer container = new OperatorContainer(name, freePort());
        List<String> args = new ArrayList<>(List.of("run", "-d", "--name", name, "--network", "host",
                "--read-only", "--user", "65532:65532", "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
                "--tmpfs", "/tmp:rw,size=64m", "--memory", "512m",
                "-v", kubeconfig + ":/var/run/s3migration/kubeconfig:ro",
                "-e", "KUBECONFIG=/var/run/s3migration/kubeconfig",
                "-e", "POD_NAMESPACE=" + NAMESPACE,
                "-e", "HOSTNAME=" + name,
                "-e", "QUARKUS_HTTP_PORT=" + container.port));
        deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(env -> env.getValue() != null)
                .forEach(env -> args.addAll(List.of("-e", env.getName() + "=" + env.getValue())));
        args.add(IMAGE);
        DockerCli.Output started = DockerCli.docker(Duration.ofSeconds(60), args);
        assertEquals(0, started.exitCode(), () -> "docker run: " + started.text());
        return container;
    }

    /** Polls {@code path} on the replica's HTTP port until it answers 200; fails early if the container exits. */
    void awaitHttp200(String path, Duration timeout) throws InterruptedException {
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
            if (!running()) {
                fail(name + " exited; log:\n" + logs());
            }
            Thread.sleep(1000);
        }
        fail(path + " of " + name + " did not answer 200 within " + timeout + " (" + last + "); log:\n" + logs());
    }

    /** The chart's RBAC must cover everything the operator did: no API call of it was refused. */
    void assertNeverForbidden() {
        String log = logs();
        assertFalse(log.contains("Forbidden") || log.contains("forbidden"),
                "the chart's RBAC must cover what " + name + " does; log:\n" + log);
    }

    boolean running() {
        return DockerCli.docker("inspect", "--format", "{{.State.Running}}", name).text().strip().equals("true");
    }

    String logs() {
        return DockerCli.docker("logs", name).text();
    }

    /** SIGKILL: the process dies at once, as in a node failure or an OOM kill; no shutdown hook runs. */
    void kill() {
        DockerCli.Output killed = DockerCli.docker("kill", "--signal", "KILL", name);
        assertEquals(0, killed.exitCode(), () -> "docker kill: " + killed.text());
    }

    /** Starts the stopped container again: the same replica, a new process. */
    void restart() {
        DockerCli.Output started = DockerCli.docker("start", name);
        assertEquals(0, started.exitCode(), () -> "docker start: " + started.text());
    }

    @Override
    public void close() {
        DockerCli.docker("rm", "-f", name);
    }

    /** The tenant's two Secrets and a MigrationJob between the two allowlisted IP-literal endpoints. */
    static void applyMigrationJob(KubernetesClient admin, String namespace, String migration) {
        for (String name : List.of("source-keys", "destination-keys")) {
            admin.resource(new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                    .addToLabels(Labels.CREDENTIALS, Labels.CREDENTIALS_VALUE).endMetadata()
                    .addToStringData("accessKeyId", "TESTKEY-" + name).addToStringData("secretAccessKey", "test-secret-" + name)
                    .build()).create();
        }
        GenericKubernetesResource mj = YAML.unmarshal("""
                apiVersion: s3migration.io/v1alpha1
                kind: MigrationJob
                metadata: {name: %s, namespace: %s}
                spec:
                  source: {endpoint: "%s", region: us-east-1, bucket: photos, credentialsSecretRef: {name: source-keys}}
                  destination: {endpoint: "%s", region: us-east-1, bucket: photos, credentialsSecretRef: {name: destination-keys}}
                """.formatted(migration, namespace, SOURCE_ENDPOINT, DESTINATION_ENDPOINT), GenericKubernetesResource.class);
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

    private static void createNamespace(KubernetesClient admin, String name) {
        if (admin.namespaces().withName(name).get() == null) {
            admin.resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        }
    }

    private static Path writeKubeconfig(Path dir, RealApiServer server, String token) throws IOException {
        Config admin = Config.fromKubeconfig(server.kubeConfigYaml());
        String ca = admin.getCaCertData() != null ? admin.getCaCertData()
                : Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(admin.getCaCertFile())));
        String yaml = YAML.asYaml(Map.of(
                "apiVersion", "v1", "kind", "Config", "current-context", "operator",
                "clusters", List.of(Map.of("name", "test", "cluster",
                        Map.of("server", admin.getMasterUrl(), "certificate-authority-data", ca))),
                "users", List.of(Map.of("name", "operator", "user", Map.of("token", token))),
                "contexts", List.of(Map.of("name", "operator", "context",
                        Map.of("cluster", "test", "user", "operator", "namespace", NAMESPACE)))));
        Path file = dir.resolve("kubeconfig");
        Files.writeString(file, yaml);
        // The container runs as uid 65532: it must be able to read the file the test user wrote.
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
