package io.s3migration.operator.config;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The copy pod's scheduling settings: Kubernetes tolerations and affinity as JSON, read into Fabric8's model classes. */
class SchedulingSettingsTest {

    @Test
    void tolerationsAreKubernetesObjectsTolerationSecondsIncluded() {
        List<Toleration> parsed = SchedulingSettings.tolerations(Optional.of("""
                [{"key":"s3migration.io/dedicated","operator":"Equal","value":"true","effect":"NoSchedule"},
                 {"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":900},
                 {"key":"pool","value":"s3"}]"""));
        assertEquals(List.of(
                new TolerationBuilder().withKey("s3migration.io/dedicated").withOperator("Equal").withValue("true").withEffect("NoSchedule").build(),
                new TolerationBuilder().withKey("node.kubernetes.io/unreachable").withOperator("Exists").withEffect("NoExecute")
                        .withTolerationSeconds(900L).build(),
                new TolerationBuilder().withKey("pool").withValue("s3").build()), parsed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "[]", "null"})
    void noTolerations(String json) {
        assertEquals(List.of(), SchedulingSettings.tolerations(Optional.of(json)));
        assertEquals(List.of(), SchedulingSettings.tolerations(Optional.empty()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // The kubectl-taint strings of earlier versions are no longer read.
            "s3migration.io/dedicated=true:NoSchedule                            | must be a JSON array of Kubernetes tolerations",
            "{\"key\":\"pool\"}                                                   | must be a JSON array of Kubernetes tolerations",
            "[{\"key\":\"pool\"}] trailing                                        | must be a JSON array of Kubernetes tolerations",
            "[{\"key\":\"pool\",\"effect\":\"NoSchedul\"}]                        | tolerations[0].effect must be NoSchedule",
            "[{\"key\":\"pool\",\"operator\":\"In\"}]                             | tolerations[0].operator must be Equal or Exists",
            "[{\"key\":\"pool\",\"operator\":\"Exists\",\"value\":\"x\"}]         | tolerations[0].value must be empty with operator Exists",
            "[{\"operator\":\"Exists\"}]                                          | tolerations[0] needs a key",
            "[{\"key\":\"a\"},{\"key\":\"b\",\"effect\":\"NoSchedule\",\"tolerationSeconds\":60}] | tolerations[1].tolerationSeconds needs effect NoExecute",
            "[{\"key\":\"pool\",\"tolerationseconds\":60}]                        | unknown field s3migration.scheduling.tolerations[0].tolerationseconds",
            "[{\"key\":\"pool\",\"tolerationSeconds\":\"soon\"}]                  | must be a JSON array of Kubernetes tolerations",
    })
    void aBadTolerationIsRefusedSayingWhereAndWhy(String json, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SchedulingSettings.tolerations(Optional.of(json)));
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertTrue(e.getMessage().contains("s3migration.scheduling.tolerations"), "names the setting: " + e.getMessage());
    }

    @Test
    void affinityIsAKubernetesObject() {
        Affinity affinity = SchedulingSettings.affinity(Optional.of("""
                {"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[
                   {"matchExpressions":[{"key":"topology.kubernetes.io/zone","operator":"In","values":["eu-1a","eu-1b"]}]}]}},
                 "podAntiAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[{"weight":50,"podAffinityTerm":{
                   "topologyKey":"kubernetes.io/hostname","labelSelector":{"matchLabels":{"app.kubernetes.io/name":"s3migration-copier"}}}}]}}"""));
        NodeSelectorRequirement zone = affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms().get(0).getMatchExpressions().get(0);
        assertEquals(List.of("topology.kubernetes.io/zone", "In", List.of("eu-1a", "eu-1b")),
                List.of(zone.getKey(), zone.getOperator(), zone.getValues()));
        assertEquals(50, affinity.getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution().get(0).getWeight());
        assertEquals(Map.of("app.kubernetes.io/name", "s3migration-copier"), affinity.getPodAntiAffinity()
                .getPreferredDuringSchedulingIgnoredDuringExecution().get(0).getPodAffinityTerm().getLabelSelector().getMatchLabels());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{}", "null"})
    void noAffinity(String json) {
        assertNull(SchedulingSettings.affinity(Optional.of(json)));
        assertNull(SchedulingSettings.affinity(Optional.empty()));
    }

    @Test
    void aMisspeltAffinityFieldIsRefusedNotDropped() {
        // Dropped, the typo would leave the copy pods unpinned without a word.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SchedulingSettings.affinity(Optional.of("""
                {"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[
                   {"matchExpression":[{"key":"zone","operator":"In","values":["a"]}]}]}}}""")));
        assertTrue(e.getMessage().contains("unknown field s3migration.scheduling.affinity.nodeAffinity"
                + ".requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpression"), e.getMessage());
        IllegalArgumentException notJson = assertThrows(IllegalArgumentException.class,
                () -> SchedulingSettings.affinity(Optional.of("zone=a")));
        assertTrue(notJson.getMessage().contains("s3migration.scheduling.affinity must be a JSON object"), notJson.getMessage());
    }

    @Test
    void nodeSelectorFromKeyValuePairs() {
        assertEquals(Map.of("pool", "migration", "kubernetes.io/os", "linux"),
                SchedulingSettings.nodeSelector(List.of("pool=migration", " kubernetes.io/os = linux")));
        assertThrows(IllegalArgumentException.class, () -> SchedulingSettings.nodeSelector(List.of("pool")));
    }
}
