package io.s3migration.operator.e2e;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Cluster e2e: a k3s cluster (Testcontainers), the locally built images imported into it, the Helm chart
 * installed with examples/demo/values.yaml, two MinIO servers (examples/demo/storage.yaml), objects put into the
 * source, the MigrationJob of examples/demo/migration.yaml applied, phase Succeeded awaited, and the destination
 * checked object by object. The same steps as examples/demo/demo.sh, which runs them against any cluster.
 * Skips with the reason where Docker, the k3s image or the MinIO image is missing (no registry here).
 * Testcontainers against a local engine may need TESTCONTAINERS_RYUK_DISABLED=true and
 * TESTCONTAINERS_HOST_OVERRIDE=localhost (see BUILD-NOTES).
 */
class K3sMigrationTest {
    static final String K3S_IMAGE = System.getProperty("s3m.k3s.image", "rancher/k3s:v1.31.4-k3s1");
    static final String MINIO_IMAGE = "quay.io/minio/minio:latest";
    static final List<String> PRODUCT_IMAGES = List.of(OperatorContainer.IMAGE, "s3migration/copier:dev");
    private static final Path DEMO = Path.of("..", "examples", "demo");
    private static final Path CHART = Path.of("..", "helm", "s3-migration-operator");
    private static final int OBJECTS = 20;

    @Test
    void theChartMigratesABucketBetweenTwoMinioServersInK3s(@TempDir Path dir) throws Exception {
        Optional<String> reason = DockerCli.cannotRun(K3S_IMAGE, MINIO_IMAGE, PRODUCT_IMAGES.get(0), PRODUCT_IMAGES.get(1));
        reason.ifPresent(r -> System.out.println("SKIPPED cluster e2e tier (k3s): " + r));
        Assumptions.assumeTrue(reason.isEmpty(), () -> reason.orElseThrow());

        try (K3sContainer k3s = new K3sContainer(DockerImageName.parse(K3S_IMAGE))) {
            k3s.start();
            for (String image : List.of(MINIO_IMAGE, PRODUCT_IMAGES.get(0), PRODUCT_IMAGES.get(1))) {
                importImage(k3s, image, dir);
            }
            String kubeconfig = k3s.getKubeConfigYaml();
            new Helm(CHART).install()
                    .withName("s3m").withNamespace("s3migration-system").createNamespace()
                    .withValuesFile(DEMO.resolve("values.yaml")).withKubeConfigContents(kubeconfig)
                    .waitReady().withTimeout(300).call();

            try (KubernetesClient client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build()) {
                apply(client, DEMO.resolve("storage.yaml"));
                for (String server : List.of("minio-source", "minio-destination")) {
                    client.apps().deployments().inNamespace("demo-storage").withName(server).waitUntilReady(5, TimeUnit.MINUTES);
                }
                mc(client, "minio-source", "mc mb -p local/photos && for i in $(seq 1 " + OBJECTS + "); do "
                        + "head -c $((i * 997)) /dev/urandom | mc pipe local/photos/2025/img_$i.jpg; done");
                mc(client, "minio-destination", "mc mb -p local/photos");

                apply(client, DEMO.resolve("migration.yaml"));
                tenantSecret(client, "source-readonly", "minio-source-root");
                tenantSecret(client, "destination-writer", "minio-destination-root");

                GenericKubernetesResource done = client.genericKubernetesResources("s3migration.io/v1alpha1", "MigrationJob")
                        .inNamespace("demo-team").withName("demo-photos")
                        .waitUntilCondition(mj -> mj != null && mj.get("status") instanceof Map<?, ?> status
                                && List.of("Succeeded", "Failed", "Cancelled").contains(status.get("phase")), 10, TimeUnit.MINUTES);
                assertEquals("Succeeded", ((Map<?, ?>) done.get("status")).get("phase"), () -> "status: " + done.get("status"));

                String source = mc(client, "minio-source", "mc ls -r --json local/photos | sed 's/\"lastModified\":\"[^\"]*\",//'");
                String destination = mc(client, "minio-destination", "mc ls -r --json local/photos | sed 's/\"lastModified\":\"[^\"]*\",//'");
                assertEquals(OBJECTS, destination.lines().count(), destination);
                assertEquals(source, destination, "same keys, sizes and ETags at both ends");
            }
        }
    }

    private static void importImage(K3sContainer k3s, String image, Path dir) throws Exception {
        Path tar = dir.resolve(image.replaceAll("[^a-zA-Z0-9.-]", "_") + ".tar");
        DockerCli.Output saved = DockerCli.docker(Duration.ofMinutes(5), List.of("save", "-o", tar.toString(), image));
        assertEquals(0, saved.exitCode(), saved.text());
        k3s.copyFileToContainer(MountableFile.forHostPath(tar), "/tmp/image.tar");
        var imported = k3s.execInContainer("ctr", "-n", "k8s.io", "images", "import", "/tmp/image.tar");
        assertEquals(0, imported.getExitCode(), imported.getStderr());
        Files.delete(tar);
    }

    private static void apply(KubernetesClient client, Path manifests) throws Exception {
        for (HasMetadata object : client.load(Files.newInputStream(manifests)).items()) {
            client.resource(object).serverSideApply();
        }
    }

    /** A tenant Secret holding the demo server's root keys, as demo.sh creates it. */
    private static void tenantSecret(KubernetesClient client, String name, String rootSecret) {
        Secret root = client.secrets().inNamespace("demo-storage").withName(rootSecret).get();
        Base64.Decoder b64 = Base64.getDecoder();
        client.resource(new SecretBuilder().withNewMetadata().withName(name).withNamespace("demo-team")
                .addToLabels(io.s3migration.operator.resources.Labels.CREDENTIALS, io.s3migration.operator.resources.Labels.CREDENTIALS_VALUE).endMetadata()
                .addToStringData("accessKeyId", new String(b64.decode(root.getData().get("MINIO_ROOT_USER")), StandardCharsets.UTF_8))
                .addToStringData("secretAccessKey", new String(b64.decode(root.getData().get("MINIO_ROOT_PASSWORD")), StandardCharsets.UTF_8))
                .build()).serverSideApply();
    }

    /** Runs the MinIO client inside a server's pod (alias "local" = that server) and returns its output. */
    private static String mc(KubernetesClient client, String deployment, String script) throws Exception {
        String pod = client.pods().inNamespace("demo-storage").withLabel("app", deployment).list().getItems().get(0)
                .getMetadata().getName();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ExecWatch exec = client.pods().inNamespace("demo-storage").withName(pod).writingOutput(out).writingError(err)
                .exec("sh", "-c", "mc alias set local http://127.0.0.1:9000 \"$MINIO_ROOT_USER\" \"$MINIO_ROOT_PASSWORD\""
                        + " >/dev/null && " + script)) {
            Integer code = exec.exitCode().get(5, TimeUnit.MINUTES);
            assertEquals(0, code, () -> deployment + ": " + script + "\n" + err.toString(StandardCharsets.UTF_8));
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
