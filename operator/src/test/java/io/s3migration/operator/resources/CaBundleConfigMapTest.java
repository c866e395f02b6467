package io.s3migration.operator.resources;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.s3migration.operator.api.MigrationJob;
import io.s3migration.operator.chart.RenderedChart;
import io.s3migration.operator.config.OperatorConfig;
import io.s3migration.operator.config.TestConfigs;
import io.s3migration.operator.reconcile.Fixtures;
import io.s3migration.protocol.CopierConfig;
import io.s3migration.protocol.CopierSettings;
import io.s3migration.protocol.Mode;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chart's {@code copier.caBundle} on its way to the copier (issue 16): chart value -> operator config -> a
 * ConfigMap per migration -> mounted into the copy pod -> named by S3M_CA_BUNDLE. Built without a cluster.
 */
class CaBundleConfigMapTest {
    static final MigrationJob MJ = Fixtures.migration("photos", "team-a");
    static final String PEM = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUb3Zl\n-----END CERTIFICATE-----\n";

    static OperatorConfig fromChart(Map<String, Object> values) {
        return TestConfigs.fromEnv(RenderedChart.render(values).operatorEnv());
    }

    static Job job(OperatorConfig config, Mode mode) {
        CopierConfig copier = CopierConfig.of(mode, MJ.getSpec().source().toBucket(), MJ.getSpec().destination().toBucket());
        return CopierJob.build(MJ, "photos-1", CaBundleConfigMap.trustedBy(copier, config), config);
    }

    @Test
    void theChartsBundleReachesTheCopyPodAsAMountedFileTheCopierIsToldOf() {
        OperatorConfig config = fromChart(RenderedChart.values("copier.caBundle", PEM));
        assertEquals(PEM, CaBundleConfigMap.configured(config).orElseThrow(), "the PEM, newlines and all");
        ConfigMap map = CaBundleConfigMap.build(MJ, CaBundleConfigMap.configured(config).get());
        assertEquals("photos-ca-bundle", map.getMetadata().getName());
        assertEquals(Map.of(CaBundleConfigMap.KEY, PEM), map.getData());
        assertEquals(Labels.of(MJ), map.getMetadata().getLabels());

        for (Mode mode : new Mode[]{Mode.PREFLIGHT, Mode.COPY}) {
            PodSpec pod = job(config, mode).getSpec().getTemplate().getSpec();
            assertTrue(pod.getVolumes().stream().anyMatch(v -> v.getConfigMap() != null
                    && "photos-ca-bundle".equals(v.getConfigMap().getName())), mode + ": " + pod.getVolumes());
            Container copier = pod.getContainers().get(0);
            assertTrue(copier.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals(CaBundleConfigMap.MOUNT_DIR)
                    && Boolean.TRUE.equals(m.getReadOnly())), mode + ": " + copier.getVolumeMounts());
            assertEquals(CaBundleConfigMap.MOUNTED_FILE, copier.getEnv().stream()
                    .filter(e -> e.getName().equals(CopierSettings.CA_BUNDLE.variable())).findFirst().orElseThrow().getValue());
        }
    }

    @Test
    void withoutABundleNothingIsAddedAndTheConfigMapIsNotReconciled() {
        OperatorConfig config = fromChart(Map.of());
        assertFalse(CaBundleConfigMap.configured(config).isPresent());
        PodSpec pod = job(config, Mode.COPY).getSpec().getTemplate().getSpec();
        assertTrue(pod.getVolumes().stream().noneMatch(v -> v.getName().equals(CopierJob.CA_BUNDLE_VOLUME)));
        assertNull(pod.getContainers().get(0).getEnv().stream()
                .filter(e -> e.getName().equals(CopierSettings.CA_BUNDLE.variable())).findFirst().orElse(null));
    }

    @Test
    void aValueThatIsNoPemCertificateIsRefusedAtInstall() {
        Exception refused = assertThrows(Exception.class, () -> RenderedChart.render(RenderedChart.values("copier.caBundle",
                "MIIBszCCAVmgAwIBAgIU (base64 without the PEM armour)")));
        assertTrue(refused.getMessage().contains("caBundle"), refused::getMessage);
    }
}
