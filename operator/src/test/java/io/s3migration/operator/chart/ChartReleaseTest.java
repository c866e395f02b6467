package io.s3migration.operator.chart;

import com.marcnuri.helm.Helm;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.s3migration.operator.chart.RenderedChart.NAMESPACE;
import static io.s3migration.operator.chart.RenderedChart.RELEASE;
import static io.s3migration.operator.chart.RenderedChart.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** What an installer meets besides the operator: NOTES, `helm test`, a PodDisruptionBudget, name overrides. */
class ChartReleaseTest {
    private static final String FULLNAME = RELEASE + "-s3-migration-operator";
    private static final String UNHOOKED = "rendered-as-manifest.test/helm.sh-hook";

    @Test
    void notesFollowTheCurrentJobNotTheFirstOne() {
        String output = new Helm(Repository.CHART).install().clientOnly().dryRun()
                .withName(RELEASE).withNamespace(NAMESPACE).withKubeVersion(RenderedChart.KUBE_VERSION).call().getOutput();
        String notes = output.substring(output.indexOf("NOTES:"));
        assertTrue(notes.contains("job/$(kubectl get mj -n TEAM NAME -o jsonpath='{.status.jobName}')"), notes);
        assertFalse(notes.contains("NAME-1"), "a resumed migration runs NAME-2, ...: " + notes);
        assertTrue(notes.contains("kubectl wait -n TEAM --for=condition=Complete mj/NAME"), notes);
        assertTrue(notes.contains("helm test " + RELEASE + " -n " + NAMESPACE), notes);
    }

    @Test
    void helmTestAsksTheOperatorsServiceForReadinessFromAHardenedPod() throws IOException {
        RenderedChart chart = withTestHooks(Map.of());
        Pod test = chart.one(Pod.class, FULLNAME + "-test-ready");
        assertEquals("test", test.getMetadata().getAnnotations().get(UNHOOKED), "a helm test hook");
        Container container = test.getSpec().getContainers().get(0);
        assertEquals("s3migration/operator:0.1.0", container.getImage(), "the operator image: nothing else to mirror");
        Map<String, String> env = env(container);
        Service service = chart.one(Service.class, FULLNAME + "-metrics");
        assertEquals(service.getMetadata().getName() + "." + NAMESPACE + ".svc", env.get("HOST"));
        assertEquals(service.getSpec().getPorts().get(0).getPort().toString(), env.get("PORT"));
        assertTrue(String.join(" ", container.getCommand()).contains("/q/health/ready"));
        assertFalse(test.getSpec().getAutomountServiceAccountToken());
        assertTrue(test.getSpec().getSecurityContext().getRunAsNonRoot());
        assertTrue(container.getSecurityContext().getReadOnlyRootFilesystem());
        assertEquals(List.of("ALL"), container.getSecurityContext().getCapabilities().getDrop());

        assertTrue(withTestHooks(values("metrics.service", false)).all(Pod.class).isEmpty(),
                "no Service, nothing to ask: no test pod");
    }

    @Test
    void theTestScriptPassesOnReadyAndFailsOtherwise() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "no /bin/bash on this machine");
        Container container = withTestHooks(Map.of()).one(Pod.class, FULLNAME + "-test-ready").getSpec().getContainers().get(0);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        int[] status = {503};
        server.createContext("/q/health/ready", exchange -> {
            byte[] body = "{\"status\":\"DOWN\"}".getBytes();
            exchange.sendResponseHeaders(status[0], body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            int port = server.getAddress().getPort();
            assertEquals(1, run(container, port), "503: not ready");
            status[0] = 200;
            assertEquals(0, run(container, port), "200: ready");
            int closed;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                closed = s.getLocalPort();
            }
            assertEquals(1, run(container, closed), "nobody listening");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aPodDisruptionBudgetOnlyWithReplicasToSpare() {
        assertTrue(RenderedChart.render(Map.of()).all(PodDisruptionBudget.class).isEmpty(), "one replica: a PDB would block every drain");
        RenderedChart two = RenderedChart.render(values("replicaCount", 2));
        PodDisruptionBudget pdb = two.one(PodDisruptionBudget.class, FULLNAME);
        assertEquals(1, pdb.getSpec().getMinAvailable().getIntVal());
        assertEquals(two.deployment().getSpec().getSelector().getMatchLabels(), pdb.getSpec().getSelector().getMatchLabels());
        assertEquals("AlwaysAllow", pdb.getSpec().getUnhealthyPodEvictionPolicy());
        assertTrue(RenderedChart.render(values("replicaCount", 2, "podDisruptionBudget.enabled", false))
                .all(PodDisruptionBudget.class).isEmpty());
    }

    @Test
    void nameOverridesRenameEverythingConsistently() {
        RenderedChart full = RenderedChart.render(values("fullnameOverride", "migrator"));
        Deployment deployment = full.one(Deployment.class, "migrator");
        assertEquals("migrator", deployment.getSpec().getTemplate().getSpec().getServiceAccountName());
        full.one(ServiceAccount.class, "migrator");
        assertEquals("migrator", full.one(ClusterRoleBinding.class, "migrator").getRoleRef().getName());
        assertTrue(full.objects().stream().map(o -> o.getMetadata().getName())
                .noneMatch(name -> name.contains("s3-migration-operator")), "fullnameOverride replaces the whole name");

        RenderedChart named = RenderedChart.render(values("nameOverride", "s3copy"));
        Deployment renamed = named.one(Deployment.class, RELEASE + "-s3copy");
        assertEquals("s3copy", renamed.getMetadata().getLabels().get("app.kubernetes.io/name"));
        assertEquals(renamed.getSpec().getSelector().getMatchLabels().entrySet().stream()
                        .filter(e -> renamed.getSpec().getTemplate().getMetadata().getLabels().entrySet().contains(e)).count(),
                (long) renamed.getSpec().getSelector().getMatchLabels().size(), "the selector still matches the pods");
    }

    /**
     * The chart with its {@code helm test} hooks among the manifests: helm-java's template leaves hooks out, so this
     * renders a copy whose test templates carry the hook annotation under another key ({@link #UNHOOKED}).
     */
    private static RenderedChart withTestHooks(Map<String, Object> values) throws IOException {
        Path copy = Files.createTempDirectory("chart");
        try {
            try (Stream<Path> files = Files.walk(Repository.CHART)) {
                for (Path source : files.toList()) {
                    Path target = copy.resolve(Repository.CHART.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else if (source.startsWith(Repository.CHART.resolve("templates/tests"))) {
                        Files.writeString(target, Files.readString(source).replace("helm.sh/hook:", UNHOOKED + ":"));
                    } else {
                        Files.copy(source, target);
                    }
                }
            }
            Path valuesFile = copy.resolve("test-values.yaml");
            Files.writeString(valuesFile, new KubernetesSerialization().asYaml(values));
            String yaml = new Helm(copy).template().withName(RELEASE).withNamespace(NAMESPACE)
                    .withKubeVersion(RenderedChart.KUBE_VERSION).withValuesFile(valuesFile).call();
            return new RenderedChart(yaml, RenderedChart.parse(yaml));
        } finally {
            try (Stream<Path> files = Files.walk(copy)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** Runs the test container's command as the pod would, against 127.0.0.1:port; returns the exit code. */
    private static int run(Container container, int port) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(container.getCommand());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env(container));
        builder.environment().putAll(Map.of("HOST", "127.0.0.1", "PORT", Integer.toString(port), "ATTEMPTS", "2", "PAUSE", "0"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the script hangs: " + output);
        return process.exitValue();
    }

    private static Map<String, String> env(Container container) {
        return container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }
}
