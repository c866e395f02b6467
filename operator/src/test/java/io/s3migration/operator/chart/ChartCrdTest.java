package io.s3migration.operator.chart;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.s3migration.operator.chart.RenderedChart.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CRD ships as a template (so {@code helm upgrade} updates it), from a copy of the generated {@code crds/} file;
 * the upgrade itself on a real API server: {@code apiserver/ChartCrdUpgradeApiServerTest}.
 */
class ChartCrdTest {
    /** The chart's copy of the generated CRD, which templates/crd.yaml renders. */
    public static final Path CHART_COPY = Repository.CHART.resolve("files/crds").resolve(Repository.CRD.getFileName());

    @Test
    void theChartsCopyIsTheGeneratedCrdByteForByte() throws Exception {
        assertArrayEquals(Files.readAllBytes(Repository.CRD), Files.readAllBytes(CHART_COPY),
                "helm/s3-migration-operator/files/crds/ differs from crds/ (the generated CRD, CrdDriftTest): "
                        + "cp crds/*.yml helm/s3-migration-operator/files/crds/");
    }

    @Test
    void noCrdsDirectoryInTheChart() {
        // Helm installs crds/ before the templates on a first install; the template's CRD would then collide with it.
        assertFalse(Files.exists(Repository.CHART.resolve("crds")), "the CRD is a template (templates/crd.yaml), not crds/");
    }

    @Test
    void theRenderedCrdIsTheGeneratedOneWithHelmsLabelsAndTheKeepPolicy() throws Exception {
        RenderedChart chart = RenderedChart.render(Map.of());
        List<CustomResourceDefinition> crds = chart.all(CustomResourceDefinition.class);
        assertEquals(1, crds.size());
        CustomResourceDefinition rendered = crds.get(0);
        CustomResourceDefinition generated = new KubernetesSerialization()
                .unmarshal(Files.readString(Repository.CRD), CustomResourceDefinition.class);
        assertEquals(generated.getSpec(), rendered.getSpec(), "the schema reaches the cluster exactly as generated");
        assertEquals(generated.getMetadata().getName(), rendered.getMetadata().getName());
        assertEquals(Map.of("helm.sh/resource-policy", "keep", "argocd.argoproj.io/sync-options", "Delete=false,Prune=false"),
                rendered.getMetadata().getAnnotations(), "helm uninstall and Argo CD leave the CRD and every MigrationJob");
        assertEquals("Helm", rendered.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
        assertEquals(RenderedChart.RELEASE, rendered.getMetadata().getLabels().get("app.kubernetes.io/instance"));
    }

    @Test
    void theCrdCanBeLeftToSomethingElseOrBeDeletedWithTheRelease() {
        assertTrue(RenderedChart.render(values("crds.enabled", false)).all(CustomResourceDefinition.class).isEmpty(),
                "crds.enabled=false: managed elsewhere (a second release, a GitOps repository of CRDs)");
        CustomResourceDefinition notKept = RenderedChart.render(values("crds.keep", false)).all(CustomResourceDefinition.class).get(0);
        assertTrue(notKept.getMetadata().getAnnotations() == null || notKept.getMetadata().getAnnotations().isEmpty(),
                "crds.keep=false: helm uninstall deletes the CRD: " + notKept.getMetadata().getAnnotations());
    }

    @Test
    void theChartReadmeDocumentsUpgradeAndUninstall() throws Exception {
        String readme = Files.readString(Repository.CHART.resolve("README.md"));
        for (String section : List.of("## Upgrading", "## Uninstalling")) {
            assertTrue(readme.contains(section), "the chart README has a section " + section);
        }
        assertTrue(readme.contains("kubectl delete crd migrationjobs.s3migration.io"), "how to remove the CRD, and what that deletes");
    }
}
