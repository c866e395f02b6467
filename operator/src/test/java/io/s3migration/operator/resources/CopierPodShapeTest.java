package io.s3migration.operator.resources;

import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
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

/** The copy pod's pull secrets, labels, annotations, priority class, tolerations and affinity, as the platform sets them; built without a cluster. */
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

    @Test
    void theSchedulingSettingsReachThePodSpecAsKubernetesObjects() {
        Job job = job(TestConfigs.of(Map.of(
                "s3migration.scheduling.node-selector", "s3migration.io/dedicated=true",
                "s3migration.scheduling.tolerations", """
                        [{"key":"s3migration.io/dedicated","operator":"Equal","value":"true","effect":"NoSchedule"},
                         {"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}]""",
                "s3migration.scheduling.affinity", """
                        {"podAntiAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[{"weight":100,"podAffinityTerm":{
                          "topologyKey":"kubernetes.io/hostname","labelSelector":{"matchLabels":{"app.kubernetes.io/name":"s3migration-copier"}}}}]}}""")));
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertEquals(Map.of("s3migration.io/dedicated", "true"), pod.getNodeSelector());
        assertEquals(List.of(
                new TolerationBuilder().withKey("s3migration.io/dedicated").withOperator("Equal").withValue("true").withEffect("NoSchedule").build(),
                new TolerationBuilder().withKey("node.kubernetes.io/not-ready").withOperator("Exists").withEffect("NoExecute")
                        .withTolerationSeconds(300L).build()), pod.getTolerations());
        assertEquals(new AffinityBuilder().withNewPodAntiAffinity().addNewPreferredDuringSchedulingIgnoredDuringExecution()
                .withWeight(100).withNewPodAffinityTerm().withTopologyKey("kubernetes.io/hostname")
                .withNewLabelSelector().addToMatchLabels("app.kubernetes.io/name", "s3migration-copier").endLabelSelector()
                .endPodAffinityTerm().endPreferredDuringSchedulingIgnoredDuringExecution().endPodAntiAffinity().build(), pod.getAffinity());

        PodSpec plain = job(TestConfigs.of(Map.of())).getSpec().getTemplate().getSpec();
        assertNull(plain.getAffinity(), "no affinity unless the platform sets one");
        assertTrue(plain.getTolerations().isEmpty());
    }

    @Test
    void theChartsTolerationsAndAffinityReachThePodAsWritten() {
        Map<String, Object> unreachable = Map.of("key", "node.kubernetes.io/unreachable", "operator", "Exists",
                "effect", "NoExecute", "tolerationSeconds", 1800);
        Map<String, Object> zones = Map.of("nodeAffinity", Map.of("requiredDuringSchedulingIgnoredDuringExecution", Map.of(
                "nodeSelectorTerms", List.of(Map.of("matchExpressions", List.of(
                        Map.of("key", "topology.kubernetes.io/zone", "operator", "In", "values", List.of("eu-1a", "eu-1b"))))))));
        RenderedChart chart = RenderedChart.render(RenderedChart.values(
                "migrationNodes.tolerations", List.of(
                        Map.of("key", "s3migration.io/dedicated", "operator", "Equal", "value", "true", "effect", "NoSchedule"), unreachable),
                "migrationNodes.affinity", zones));
        PodSpec pod = job(TestConfigs.fromEnv(chart.operatorEnv())).getSpec().getTemplate().getSpec();
        assertEquals(2, pod.getTolerations().size());
        Toleration t = pod.getTolerations().get(1);
        assertEquals(List.of("node.kubernetes.io/unreachable", "Exists", "NoExecute", 1800L),
                List.of(t.getKey(), t.getOperator(), t.getEffect(), t.getTolerationSeconds()));
        var term = pod.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms().get(0);
        assertEquals(List.of("eu-1a", "eu-1b"), term.getMatchExpressions().get(0).getValues());
        assertEquals(Map.of("s3migration.io/dedicated", "true"), pod.getNodeSelector(), "the affinity adds to the dedicated-node pinning");
    }

    /**
     * With the chart's defaults the copy pod is pinned to the dedicated nodes and tolerates their taint, and the chart's
     * admission policy guards exactly those keys (it exempts the copy pods and refuses every other pod that names them).
     */
    @Test
    void byDefaultTheCopyPodUsesTheDedicatedNodesWhoseKeysTheAdmissionPolicyGuards() {
        RenderedChart chart = RenderedChart.render(Map.of());
        PodSpec pod = job(TestConfigs.fromEnv(chart.operatorEnv())).getSpec().getTemplate().getSpec();
        assertEquals(Map.of("s3migration.io/dedicated", "true"), pod.getNodeSelector());
        assertEquals(List.of(new TolerationBuilder().withKey("s3migration.io/dedicated").withOperator("Equal").withValue("true")
                .withEffect("NoSchedule").build()), pod.getTolerations());
        assertNull(pod.getAffinity());

        var policy = chart.all(ValidatingAdmissionPolicy.class).stream()
                .filter(p -> p.getMetadata().getName().endsWith("-dedicated-nodes-pods")).findFirst().orElseThrow();
        Map<String, String> variables = policy.getSpec().getVariables().stream()
                .collect(java.util.stream.Collectors.toMap(v -> v.getName(), v -> v.getExpression()));
        for (Toleration toleration : pod.getTolerations()) {
            assertTrue(variables.get("tolerates").contains("in [\"" + toleration.getKey() + "\"]"),
                    "the policy guards the taint the copy pod tolerates: " + variables.get("tolerates"));
        }
        for (String label : pod.getNodeSelector().keySet()) {
            assertTrue(variables.get("selects").contains("k in [\"" + label + "\"]"),
                    "the policy guards the label the copy pod selects: " + variables.get("selects"));
        }
    }

    private static Map<String, String> withJobAndMode(Map<String, String> labels) {
        Map<String, String> expected = new java.util.HashMap<>(labels);
        expected.put(Labels.JOB, "photos-1");
        expected.put(Labels.MODE, "copy");
        return expected;
    }
}
