package io.s3migration.operator.apiserver;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.s3migration.operator.chart.Repository;
import io.s3migration.operator.reconcile.Fixtures;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chart's CRD upgrade path on a real kube-apiserver: a release installed from an older chart (whose CRD lacks
 * {@code spec.options.storageClass}) is upgraded with {@code helm upgrade} to this chart, and the served CRD is then
 * this chart's; {@code helm uninstall} leaves the CRD and the MigrationJobs.
 */
class ChartCrdUpgradeApiServerTest {
    private static final String RELEASE = "crd-upgrade";
    private static final String NAMESPACE = "crd-upgrade-system";
    private static final String TENANT = "crd-upgrade-tenant";
    private static final KubernetesSerialization YAML = new KubernetesSerialization();

    @Test
    void helmUpgradeUpdatesTheCrdAndUninstallKeepsItAndTheMigrationJobs() throws Exception {
        RealApiServer server = RealApiServer.shared();
        Path kubeconfig = Files.createTempFile("kubeconfig", ".yaml");
        Files.writeString(kubeconfig, server.kubeConfigYaml());
        Path oldChart = chartWithoutStorageClass();
        Path values = Files.createTempFile("values", ".yaml");
        // Only the CRD matters here: nothing cluster-wide that another test of this JVM could collide with.
        Files.writeString(values, """
                rbac: {create: false, tenantRoles: false}
                serviceAccount: {create: false, name: default}
                admissionPolicy: {enabled: false}
                metrics: {service: false}
                """);
        try (KubernetesClient admin = server.adminClient()) {
            adoptAnExistingCrd(admin);
            admin.resource(new NamespaceBuilder().withNewMetadata().withName(TENANT).endMetadata().build()).serverSideApply();

            new Helm(oldChart).install().withName(RELEASE).withNamespace(NAMESPACE).createNamespace()
                    .withValuesFile(values).withKubeConfig(kubeconfig).call();
            awaitEstablished(admin);
            assertNull(storageClassOf(admin, "before"), "the older CRD prunes spec.options.storageClass");

            new Helm(Repository.CHART).upgrade().withName(RELEASE).withNamespace(NAMESPACE)
                    .withValuesFile(values).withKubeConfig(kubeconfig).call();
            awaitEstablished(admin);
            CustomResourceDefinition served = admin.apiextensions().v1().customResourceDefinitions().withName(MigrationJobCrd.NAME).get();
            assertEquals(MigrationJobCrd.read().getSpec().getVersions().get(0).getSchema(), served.getSpec().getVersions().get(0).getSchema(),
                    "helm upgrade applied this chart's CRD");
            assertEquals("keep", served.getMetadata().getAnnotations().get("helm.sh/resource-policy"));
            assertEquals("STANDARD_IA", storageClassOf(admin, "after"), "the upgraded CRD keeps spec.options.storageClass");

            Helm.uninstall(RELEASE).withNamespace(NAMESPACE).withKubeConfig(kubeconfig).call();
            assertNotNull(admin.apiextensions().v1().customResourceDefinitions().withName(MigrationJobCrd.NAME).get(),
                    "helm uninstall keeps the CRD (helm.sh/resource-policy: keep)");
            assertNotNull(admin.genericKubernetesResources("s3migration.io/v1alpha1", "MigrationJob").inNamespace(TENANT)
                    .withName("after").get(), "and with it the MigrationJobs");
        } finally {
            try (KubernetesClient admin = server.adminClient()) {
                admin.genericKubernetesResources("s3migration.io/v1alpha1", "MigrationJob").inNamespace(TENANT).delete();
            }
            Helm.uninstall(RELEASE).withNamespace(NAMESPACE).withKubeConfig(kubeconfig).ignoreNotFound().call();
            delete(oldChart);
            Files.deleteIfExists(values);
            Files.deleteIfExists(kubeconfig);
        }
    }

    /**
     * Other tests of this JVM may have applied the CRD without Helm's metadata, as an earlier chart (which shipped it in
     * crds/) or a `kubectl apply` did: the chart README's one-time adoption step makes it this release's.
     */
    private static void adoptAnExistingCrd(KubernetesClient admin) {
        if (admin.apiextensions().v1().customResourceDefinitions().withName(MigrationJobCrd.NAME).get() == null) {
            return;
        }
        // kubectl label crd migrationjobs.s3migration.io app.kubernetes.io/managed-by=Helm
        // kubectl annotate crd migrationjobs.s3migration.io meta.helm.sh/release-name=RELEASE meta.helm.sh/release-namespace=NAMESPACE
        admin.apiextensions().v1().customResourceDefinitions().withName(MigrationJobCrd.NAME).edit(crd -> new io.fabric8.kubernetes.api.model
                .apiextensions.v1.CustomResourceDefinitionBuilder(crd).editMetadata()
                .addToLabels("app.kubernetes.io/managed-by", "Helm")
                .addToAnnotations("meta.helm.sh/release-name", RELEASE)
                .addToAnnotations("meta.helm.sh/release-namespace", NAMESPACE)
                .endMetadata().build());
    }

    /** Creates MigrationJob {@code name} with spec.options.storageClass set; what the API server stored of that field. */
    @SuppressWarnings("unchecked")
    private static Object storageClassOf(KubernetesClient admin, String name) {
        GenericKubernetesResource mj = YAML.unmarshal(YAML.asYaml(Fixtures.migration(name, TENANT)), GenericKubernetesResource.class);
        mj.getMetadata().setResourceVersion(null);
        Map<String, Object> options = (Map<String, Object>) ((Map<String, Object>) mj.getAdditionalProperties().get("spec")).get("options");
        options.put("storageClass", "STANDARD_IA");
        mj.getAdditionalProperties().remove("status");
        var created = admin.genericKubernetesResources("s3migration.io/v1alpha1", "MigrationJob").inNamespace(TENANT).resource(mj).create();
        return ((Map<String, Object>) ((Map<String, Object>) created.getAdditionalProperties().get("spec")).get("options")).get("storageClass");
    }

    private static void awaitEstablished(KubernetesClient admin) throws InterruptedException {
        admin.apiextensions().v1().customResourceDefinitions().withName(MigrationJobCrd.NAME).waitUntilCondition(crd -> crd != null
                && crd.getStatus() != null && crd.getStatus().getConditions() != null && crd.getStatus().getConditions().stream()
                .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus())), 60, TimeUnit.SECONDS);
        TimeUnit.SECONDS.sleep(2); // the new schema reaches the handlers shortly after Established
    }

    /** A copy of the chart whose CRD lacks spec.options.storageClass: the chart of an earlier API. */
    private static Path chartWithoutStorageClass() throws IOException {
        Path copy = Files.createTempDirectory("old-chart");
        try (Stream<Path> files = Files.walk(Repository.CHART)) {
            for (Path source : files.toList()) {
                Path target = copy.resolve(Repository.CHART.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
        Path crd = copy.resolve("files/crds").resolve(MigrationJobCrd.FILE_NAME);
        List<String> kept = new ArrayList<>();
        int removing = -1;
        for (String line : Files.readAllLines(crd)) {
            int indent = line.length() - line.stripLeading().length();
            if (removing >= 0 && indent > removing) {
                continue;
            }
            removing = -1;
            if (line.strip().equals("storageClass:")) {
                removing = indent;
                continue;
            }
            kept.add(line);
        }
        String older = String.join("\n", kept) + "\n";
        assertTrue(older.length() < Files.readString(crd).length(), "storageClass removed from the older CRD");
        Files.writeString(crd, older);
        return copy;
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
