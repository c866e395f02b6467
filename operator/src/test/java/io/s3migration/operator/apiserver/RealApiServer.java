package io.s3migration.operator.apiserver;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real kube-apiserver + etcd (kube-api-test), started once per test JVM from the binaries
 * {@code .ci/build-test-binaries.sh k8s} builds into {@code $S3M_CACHE/kubeapitest/k8s/<version>-linux-amd64/}.
 * It runs no controllers: no Job ever gets a pod unless a test makes one.
 */
public final class RealApiServer {
    public static final String VERSION = "1.34.4";
    private static final List<String> BINARIES = List.of("kube-apiserver", "etcd", "kubectl");
    /**
     * The running server's kubeconfig, kept in a system property because it must be one server per JVM, not per
     * class loader: Quarkus loads the test classes (and so this class) again for every Quarkus application it boots,
     * and a static field alone started another API server, reusing the same certificate directory, per application.
     * Not under {@code s3migration.}: Quarkus refuses unknown properties under its config mapping's prefix.
     */
    private static final String SHARED_KUBECONFIG = "kube-api-test.shared-server.kubeconfig";
    /** An interned literal is the same object in every class loader: one lock for all copies of this class. */
    private static final Object LOCK = "kube-api-test.shared-server.lock";

    private final String kubeConfigYaml;

    private RealApiServer(String kubeConfigYaml) {
        this.kubeConfigYaml = kubeConfigYaml;
    }

    /** The shared server, started on first use and stopped when the JVM exits; skips the test when unavailable. */
    public static RealApiServer shared() {
        Optional<String> missing = unavailableReason();
        if (missing.isPresent()) {
            System.out.println("SKIPPED real-API-server tier: " + missing.get());
        }
        Assumptions.assumeTrue(missing.isEmpty(), () -> missing.orElseThrow());
        return started();
    }

    /** The shared server without the skip check; for callers that checked {@link #unavailableReason()} already. */
    static RealApiServer started() {
        synchronized (LOCK) {
            String kubeConfig = System.getProperty(SHARED_KUBECONFIG);
            if (kubeConfig == null) {
                KubeAPIServer server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
                        .withTestDir(testDir().toString())
                        .withApiServerVersion(VERSION)
                        // In code, not via KUBE_API_TEST_OFFLINE_MODE: that env var throws a ClassCastException in 7.6.1.
                        .withOfflineMode(true)
                        .withUpdateKubeConfig(false)
                        .withStartupTimeout(180_000)
                        .build());
                server.start();
                Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "kube-api-test-stop"));
                kubeConfig = server.getKubeConfigYaml();
                System.setProperty(SHARED_KUBECONFIG, kubeConfig);
            }
            return new RealApiServer(kubeConfig);
        }
    }

    /** Why the tier cannot run here, or empty when the binaries are in place and kubectl runs. */
    public static Optional<String> unavailableReason() {
        Path dir = binaryDir();
        for (String binary : BINARIES) {
            if (!Files.isExecutable(dir.resolve(binary))) {
                return Optional.of(binary + " not found at " + dir.resolve(binary)
                        + " (build it with .ci/build-test-binaries.sh k8s; S3M_CACHE sets the cache directory)");
            }
        }
        // kube-api-test runs `kubectl get ns default` as its readiness check: a broken kubectl would hang startup.
        try {
            Process kubectl = new ProcessBuilder(dir.resolve("kubectl").toString(), "version", "--client")
                    .redirectErrorStream(true).start();
            kubectl.getInputStream().readAllBytes();
            if (!kubectl.waitFor(30, TimeUnit.SECONDS) || kubectl.exitValue() != 0) {
                return Optional.of("kubectl at " + dir.resolve("kubectl") + " does not run (`kubectl version --client`"
                        + " failed); kube-api-test needs it for its readiness check");
            }
        } catch (Exception e) {
            return Optional.of("kubectl at " + dir.resolve("kubectl") + " does not run: " + e);
        }
        return Optional.empty();
    }

    public static Path testDir() {
        String cache = System.getenv("S3M_CACHE");
        Path root = cache == null || cache.isBlank()
                ? Path.of(System.getProperty("user.home"), ".cache", "s3migration")
                : Path.of(cache);
        return root.resolve("kubeapitest");
    }

    static Path binaryDir() {
        return testDir().resolve("k8s").resolve(VERSION + "-linux-amd64");
    }

    /** Where kube-api-test wrote the API server's CA and the cluster-admin client certificate and key. */
    public Path certificate(String fileName) {
        return testDir().resolve(fileName);
    }

    /** The cluster-admin kubeconfig (client certificate) kube-api-test generates. */
    public String kubeConfigYaml() {
        return kubeConfigYaml;
    }

    /** A new client with cluster-admin rights; the caller closes it. */
    public KubernetesClient adminClient() {
        return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeConfigYaml)).build();
    }

    public String url() {
        return Config.fromKubeconfig(kubeConfigYaml).getMasterUrl();
    }
}
