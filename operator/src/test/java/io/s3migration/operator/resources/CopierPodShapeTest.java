package io.s3migration.operator.resources;

import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.s3migration.operator.api.MigrationJob;
import io.s3migration.operator.chart.RenderedChart;
import io.s3migration.operator.config.OperatorConfig;
import io.s3migration.operator.config.TestConfigs;
import io.s3migration.operator.reconcile.Fixtures;
import io.s3migration.protocol.CopierConfig;
import io.s3migration.protocol.Mode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The copy pod's pull secrets, labels, annotations and priority class, as the platform sets them; built without a cluster. */
class CopierPodShapeTest {
    static final MigrationJob MJ = Fixtures.migration("photos", "team-a");

    static Job job(OperatorConfig config) {
        CopierConfig copier = CopierConfig.of(Mode.COPY, MJ.getSpec().source().toBucket(), MJ.getSpec().destination().toBucket());
        return CopierJob.build(MJ, "photos-1", copier, config);
    }

    @Test
    void nothingExtraByDefault() {
        Job job = job(TestConfigs.of(Map.of()));
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertTrue(pod.getImagePullSecrets() == null || pod.getImagePullSecrets().isEmpty());
        assertNull(pod.getPriorityClassName());
        assertNull(job.getSpec().getTemplate().getMetadata().getAnnotations());
        assertEquals(withJobAndMode(Labels.copierPod(MJ)), job.getSpec().getTemplate().getMetadata().getLabels());
    }

    @Test
    void thePlatformsSettingsReachTheCopyPod() {
        Job job = job(TestConfigs.of(Map.of(
                "s3migration.copier.image-pull-secrets", "regcred,mirror",
                "s3migration.copier.pod-labels", "{\"team\":\"storage\",\"cost-center.example.com/id\":\"42\"}",
                "s3migration.copier.pod-annotations", "{\"sidecar.istio.io/inject\":\"false\"}",
                "s3migration.copier.priority-class-name", "batch-low")));
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertEquals(List.of(new LocalObjectReference("regcred"), new LocalObjectReference("mirror")), pod.getImagePullSecrets());
        assertEquals("batch-low", pod.getPriorityClassName());
        ObjectMeta meta = job.getSpec().getTemplate().getMetadata();
        assertEquals("false", meta.getAnnotations().get("sidecar.istio.io/inject"));
        assertEquals("storage", meta.getLabels().get("team"));
        assertEquals("42", meta.getLabels().get("cost-center.example.com/id"));
        assertTrue(meta.getLabels().entrySet().containsAll(Labels.copierPod(MJ).entrySet()));
    }

    @Test
    void theLabelsTheNetworkPolicySelectsCannotBeOverridden() {
        String hijack = "{\"" + Labels.MIGRATION + "\":\"other\",\"" + Labels.NAME + "\":\"x\",\"" + Labels.MANAGED_BY + "\":\"me\","
                + "\"" + Labels.JOB + "\":\"j\",\"" + Labels.MODE + "\":\"m\"}";
        Job job = job(TestConfigs.of(Map.of("s3migration.copier.pod-labels", hijack)));
        // EgressNetworkPolicy selects Labels.copierPod(mj): the pod must keep exactly those.
        assertEquals(withJobAndMode(Labels.copierPod(MJ)), job.getSpec().getTemplate().getMetadata().getLabels());
    }

    @Test
    void aMalformedSettingSaysWhichAndHow() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> job(TestConfigs.of(Map.of("s3migration.copier.pod-labels", "team=storage"))));
        assertTrue(e.getMessage().contains("s3migration.copier.pod-labels must be a JSON object of strings"), e.getMessage());
    }

    @Test
    void theChartsValuesReachTheJob() {
        OperatorConfig fromChart = TestConfigs.fromEnv(RenderedChart.render(RenderedChart.values(
                "copier.imagePullSecrets", List.of("regcred"),
                "copier.podLabels", Map.of("team", "storage", "example.com/tier", "batch"),
                "copier.podAnnotations", Map.of("sidecar.istio.io/inject", "false", "example.com/note", "a, b \"quoted\""),
                "copier.priorityClassName", "batch-low")).operatorEnv());
        Job job = job(fromChart);
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertEquals(List.of(new LocalObjectReference("regcred")), pod.getImagePullSecrets());
        assertEquals("batch-low", pod.getPriorityClassName());
        assertEquals("batch", job.getSpec().getTemplate().getMetadata().getLabels().get("example.com/tier"));
        assertEquals(Map.of("sidecar.istio.io/inject", "false", "example.com/note", "a, b \"quoted\""),
                job.getSpec().getTemplate().getMetadata().getAnnotations());

        Job defaults = job(TestConfigs.fromEnv(RenderedChart.render(Map.of()).operatorEnv()));
        assertNull(defaults.getSpec().getTemplate().getMetadata().getAnnotations());
        assertNull(defaults.getSpec().getTemplate().getSpec().getPriorityClassName());
    }

    private static Map<String, String> withJobAndMode(Map<String, String> labels) {
        Map<String, String> expected = new java.util.HashMap<>(labels);
        expected.put(Labels.JOB, "photos-1");
        expected.put(Labels.MODE, "copy");
        return expected;
    }
}
