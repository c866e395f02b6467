package io.s3migration.operator.cluster;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.s3migration.operator.api.MigrationJob;
import io.s3migration.operator.chart.Repository;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The single-node cluster `.ci/cluster/start.sh` runs on this machine (kubelet + containerd, kube-proxy,
 * kube-router enforcing NetworkPolicy, CoreDNS), prepared once per test JVM as a platform team would: the node
 * labelled and tainted as a dedicated migration node, two MinIO servers as pods, and the chart from {@code helm/}
 * installed with real Helm (helm-java) and the locally built images.
 */
final class RealCluster {
    static final Path DIR = Path.of(Objects.requireNonNullElse(System.getenv("S3M_CLUSTER_DIR"), "/var/lib/s3m-cluster"));
    static final Path KUBECONFIG = DIR.resolve("pki/admin.kubeconfig");
    static final Path KUBECTL = DIR.resolve("bin/kubectl");
    static final String RELEASE = "s3m";
    static final String OPERATOR_NAMESPACE = "s3migration-system";
    static final String OPERATOR_IMAGE = "docker.io/s3migration/operator:dev";
    static final String COPIER_IMAGE = "docker.io/s3migration/copier:dev";
    /** The dedicated-node label and taint, as the chart's values.yaml documents them. */
    static final String DEDICATED = "s3migration.io/dedicated";
    static final String LEASE = "s3migration-operator-lease";
    /** Every namespace the tier makes carries it, so `.ci/cluster/stop.sh` and the next run can find them. */
    static final String TEST_LABEL = "s3m-test";
    static final Duration MIGRATION_TIMEOUT = Duration.ofMinutes(4);

    private static Optional<String> unavailable;
    private static RealCluster instance;

    final KubernetesClient client;
    final String node;
    final MinioServers storage;
    final Instant installedAt;

    private RealCluster(KubernetesClient client, String node, MinioServers storage, Instant installedAt) {
        this.client = client;
        this.node = node;
        this.storage = storage;
        this.installedAt = installedAt;
    }

    /** Why the tier cannot run here, or empty: no cluster started, API server or node not ready, images missing. */
    static synchronized Optional<String> unavailableReason() {
        if (unavailable == null) {
            unavailable = probe();
        }
        return unavailable;
    }

    private static Optional<String> probe() {
        if (!Files.isReadable(KUBECONFIG) || !Files.isExecutable(KUBECTL)) {
            return Optional.of("no test cluster at " + DIR + " (start one: .ci/cluster/setup.sh && .ci/cluster/start.sh, as .ci/run does)");
        }
        if (!Command.of(Map.of(), "rclone", "version").run().ok()) {
            return Optional.of("rclone, the independent client that checks the copies, is not on the PATH (apt-get install rclone)");
        }
        Command.Result ready = kubectlCommand("get", "--raw", "/readyz").withTimeout(Duration.ofSeconds(10)).run();
        if (!ready.ok()) {
            return Optional.of("the test cluster's API server does not answer (" + ready.err().strip() + "); start it with .ci/cluster/start.sh");
        }
        try (KubernetesClient client = newClient()) {
            List<Node> nodes = client.nodes().list().getItems();
            Optional<Node> readyNode = nodes.stream().filter(n -> n.getStatus().getConditions().stream()
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))).findFirst();
            if (readyNode.isEmpty()) {
                return Optional.of("the test cluster has no Ready node (kubelet log: " + DIR.resolve("logs/kubelet.log") + ")");
            }
        }
        return Optional.empty();
    }

    /** A cluster that runs but lacks the images is a broken set-up, not a reason to skip: the tier fails, saying so. */
    private static void requireImages(KubernetesClient client) {
        List<String> images = client.nodes().list().getItems().stream()
                .flatMap(n -> n.getStatus().getImages().stream())
                .flatMap(i -> i.getNames() == null ? java.util.stream.Stream.<String>empty() : i.getNames().stream()).toList();
        for (String image : List.of(OPERATOR_IMAGE, COPIER_IMAGE, MinioServers.IMAGE)) {
            if (!images.contains(image)) {
                fail("image " + image + " is not on the node: build the product images with .ci/build-images.sh, then"
                        + " .ci/cluster/load-images.sh (start.sh runs it) imports them; node images: " + images);
            }
        }
    }

    /** The prepared cluster: node dedicated, storage running, chart installed (once per JVM). */
    static synchronized RealCluster get() {
        if (instance == null) {
            instance = prepare();
        }
        return instance;
    }

    /** The prepared cluster once an operator pod is Ready and holds the Lease (a test may have replaced the pod). */
    static RealCluster ready() {
        RealCluster cluster = get();
        await("a Ready operator pod holding the Lease", Duration.ofMinutes(2),
                () -> cluster.operatorPod().map(pod -> pod.getMetadata().getName().equals(cluster.leaseHolder())).orElse(false),
                () -> "Lease holder: " + cluster.leaseHolder());
        return cluster;
    }

    String leaseHolder() {
        var lease = client.leases().inNamespace(OPERATOR_NAMESPACE).withName(LEASE).get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }

    private static RealCluster prepare() {
        KubernetesClient client = newClient();
        requireImages(client);
        String node = client.nodes().list().getItems().get(0).getMetadata().getName();
        // As the chart documents: label the migration nodes and taint them so nothing else lands there.
        kubectlCommand("label", "node", node, DEDICATED + "=true", "--overwrite").runOrFail();
        kubectlCommand("taint", "node", node, DEDICATED + "=true:NoSchedule", "--overwrite").runOrFail();
        // What an earlier run against this cluster left (a test JVM killed half-way) goes first.
        client.namespaces().withLabel(TEST_LABEL).delete();
        await("namespaces of an earlier run deleted", Duration.ofMinutes(3),
                () -> client.namespaces().withLabel(TEST_LABEL).list().getItems().isEmpty());
        MinioServers storage = MinioServers.start(client);
        Path values = writeValues(storage);
        Helm.uninstall(RELEASE).withNamespace(OPERATOR_NAMESPACE).withKubeConfig(KUBECONFIG).ignoreNotFound().call();
        new Helm(Repository.CHART).install()
                .withName(RELEASE).withNamespace(OPERATOR_NAMESPACE).createNamespace()
                .withValuesFile(values).withKubeConfig(KUBECONFIG)
                .waitReady().withTimeout(300).call();
        return new RealCluster(client, node, storage, Instant.now());
    }

    /**
     * The chart's values for this cluster: the local images (never pulled), copy pods on the dedicated node, the
     * two MinIO pods allowed as private plain-http endpoints (and nothing else of the pod network): the destination
     * one as {@code platform.storage.endpoint}, from which the chart derives its allowlist entry, the allowed
     * destinations and its /32, the source one by hand; 2 s polls.
     * The operator tolerates the taint only because this cluster has a single node.
     */
    private static Path writeValues(MinioServers storage) {
        String toleration = "{key: " + DEDICATED + ", operator: Equal, value: \"true\", effect: NoSchedule}";
        String yaml = """
                image: {repository: s3migration/operator, tag: dev, pullPolicy: Never}
                copier:
                  image: {repository: s3migration/copier, tag: dev, pullPolicy: Never}
                  activeDeadline: 30m
                  resources: {requests: {cpu: 100m, memory: 256Mi}, limits: {cpu: "1", memory: 512Mi}}
                tolerations: [%1$s]
                migrationNodes:
                  nodeSelector: {%2$s: "true"}
                  tolerations: [%1$s]
                quotas: {maxConcurrentPerNamespace: 2, maxStartedPerNamespacePerDay: 50}
                # The destination MinIO is the platform's storage: allowlisted, the only destination, its /32 opened.
                platform:
                  storage: {endpoint: %4$s}
                endpoints:
                  allowlist: [%3$s]
                  allowHttpHosts: [%5$s, %6$s]
                egress:
                  allowedCidrs: [%5$s/32]
                progress: {pollInterval: 2s, logTailLines: 50}
                # Single node: the test's own MinIO and probe pods (created as cluster-admin) need the toleration too.
                admissionPolicy: {exemptGroups: [system:masters]}
                """.formatted(toleration, DEDICATED, storage.source().endpoint(), storage.destination().endpoint(),
                storage.source().ip(), storage.destination().ip());
        try {
            Path file = Files.createTempFile("s3m-cluster-values", ".yaml");
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static KubernetesClient newClient() {
        try {
            return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(KUBECONFIG))).build();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + KUBECONFIG, e);
        }
    }

    static Command kubectlCommand(String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = KUBECTL.toString();
        System.arraycopy(args, 0, argv, 1, args.length);
        return Command.of(Map.of("KUBECONFIG", KUBECONFIG.toString()), argv);
    }

    /** {@code kubectl args...}, failing the test when it fails; its stdout. */
    String kubectl(String... args) {
        return kubectlCommand(args).runOrFail();
    }

    /** {@code kubectl apply -f -} of a manifest, as a user applies one. */
    void apply(String yaml) {
        kubectlCommand("apply", "-f", "-").withStdin(yaml).runOrFail();
    }

    /** A fresh tenant namespace (an earlier run's is deleted first). */
    String tenant(String name) {
        Namespace old = client.namespaces().withName(name).get();
        if (old != null) {
            client.resource(old).delete();
            client.namespaces().withName(name).waitUntilCondition(Objects::isNull, 2, TimeUnit.MINUTES);
        }
        client.resource(new NamespaceBuilder().withNewMetadata().withName(name).addToLabels(TEST_LABEL, "true")
                .endMetadata().build()).create();
        // Pods need the namespace's default ServiceAccount, which the controller-manager adds a moment later.
        await("the default ServiceAccount of " + name, Duration.ofSeconds(60),
                () -> client.serviceAccounts().inNamespace(name).withName("default").get() != null);
        return name;
    }

    MigrationJob migrationJob(String namespace, String name) {
        return client.resources(MigrationJob.class).inNamespace(namespace).withName(name).get();
    }

    /** Waits until the MigrationJob satisfies {@code condition}; fails with its last status otherwise. */
    MigrationJob awaitMigration(String namespace, String name, Duration limit, Predicate<MigrationJob> condition) {
        MigrationJob[] last = new MigrationJob[1];
        await("MigrationJob " + namespace + "/" + name, limit, () -> {
            last[0] = migrationJob(namespace, name);
            return last[0] != null && condition.test(last[0]);
        }, () -> "last status: " + (last[0] == null ? "none" : last[0].getStatus()));
        return last[0];
    }

    Optional<Pod> operatorPod() {
        return client.pods().inNamespace(OPERATOR_NAMESPACE).withLabel("app.kubernetes.io/name", "s3-migration-operator")
                .list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .filter(p -> p.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())))
                .findFirst();
    }

    /** The running operator's whole log (every replica that ran since the install is gone with its pod). */
    String operatorLog() {
        return kubectl("-n", OPERATOR_NAMESPACE, "logs", "deploy/" + RELEASE + "-s3-migration-operator", "--tail=-1");
    }

    static void await(String what, Duration limit, Supplier<Boolean> done) {
        await(what, limit, done, () -> "");
    }

    static void await(String what, Duration limit, Supplier<Boolean> done, Supplier<String> detail) {
        Instant end = Instant.now().plus(limit);
        while (Instant.now().isBefore(end)) {
            if (done.get()) {
                return;
            }
            sleep(Duration.ofMillis(500));
        }
        fail(what + " not reached within " + limit.toSeconds() + " s; " + detail.get());
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
