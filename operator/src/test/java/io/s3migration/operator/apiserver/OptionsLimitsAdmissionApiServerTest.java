package io.s3migration.operator.apiserver;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.s3migration.operator.chart.RenderedChart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.s3migration.operator.apiserver.DedicatedNodesAdmissionApiServerTest.assertRefused;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 15, platform limits, on a real API server: the chart's options-limits policy (maxima 32 and 100Mi, a bandwidth
 * default of 50Mi; bound only to this class's namespace) refuses a MigrationJob above a maximum with the maximum and the
 * fix in the message, compares quantities as quantities (1Gi is above 100Mi, 100000Ki is not), and lets a MigrationJob
 * written before a maximum was lowered be edited otherwise (pause, trigger, the operator's finalizer).
 */
class OptionsLimitsAdmissionApiServerTest extends CrdOnRealApiServer {
    static final String SCOPE = "test.s3migration.io/options-limits";
    static List<HasMetadata> policies;

    @BeforeAll
    static void installThePolicy() {
        admin.namespaces().withName(namespace).edit(ns -> new NamespaceBuilder(ns).editMetadata().addToLabels(SCOPE, "true").endMetadata().build());
        RenderedChart chart = RenderedChart.render(RenderedChart.values(
                "admissionPolicy.namespaceSelector", Map.of("matchLabels", Map.of(SCOPE, "true")),
                "limits.concurrency.max", 32,
                "limits.bandwidthLimit.max", "100Mi",
                "limits.bandwidthLimit.default", "50Mi"));
        policies = chart.objects().stream().filter(o -> o.getKind().startsWith("ValidatingAdmissionPolicy"))
                .filter(o -> o.getMetadata().getName().endsWith("-options-limits")).toList();
        assertEquals(2, policies.size(), "a policy and its binding");
        policies.forEach(o -> admin.resource(o).forceConflicts().fieldManager("helm").serverSideApply());

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            try {
                admin.resource(migration("probe", "options: {concurrency: 33}")).dryRun().create();
                return false;
            } catch (KubernetesClientException refused) {
                return refused.getMessage().contains("maximum of 32");
            }
        });
    }

    @AfterAll
    static void removeThePolicy() {
        if (policies != null) {
            policies.forEach(o -> admin.resource(o).delete());
        }
    }

    static GenericKubernetesResource migration(String name, String specPatch) {
        return Manifests.migrationJob(namespace, name, specPatch);
    }

    @Test
    void aValueAboveTheMaximumIsRefusedWithTheMaximumAndTheFix() {
        assertRefused("spec.options.concurrency 64 is above this platform's maximum of 32 per migration: set it to 32 or less,"
                + " or leave it out for the default of 32", () -> admin.resource(migration("busy", "options: {concurrency: 64}")).create());
        assertRefused("spec.options.bandwidthLimit 1Gi is above this platform's maximum of 100Mi (bytes per second) per migration:"
                        + " set it to 100Mi or less, or leave it out for the default of 50Mi",
                () -> admin.resource(migration("fast", "options: {bandwidthLimit: 1Gi}")).create());
        assertRefused("maximum of 100Mi", () -> admin.resource(migration("fast", "options: {bandwidthLimit: 101Mi}")).create());
        assertRefused("maximum of 100Mi", () -> admin.resource(migration("fast", "options: {bandwidthLimit: \"104857601\"}")).create());
    }

    @Test
    void valuesUpToTheMaximumAndLeftOutOnesPass() {
        for (String options : List.of("options: {concurrency: 32, bandwidthLimit: 100Mi}", "options: {bandwidthLimit: 100000Ki}",
                "options: {bandwidthLimit: \"104857600\"}", "options: {concurrency: 1, bandwidthLimit: 1k}", "options: null")) {
            admin.resource(migration("fine", options)).dryRun().create();
        }
    }

    @Test
    void aMigrationJobAboveALoweredMaximumCanStillBeEditedButNotRaised() {
        // Written before the maximum existed: the policy's namespace label is lifted meanwhile.
        admin.namespaces().withName(namespace).edit(ns -> new NamespaceBuilder(ns).editMetadata().removeFromLabels(SCOPE).endMetadata().build());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            try {
                admin.resource(migration("old", "options: {concurrency: 64}")).create();
                return true;
            } catch (KubernetesClientException refused) {
                return false;
            }
        });
        admin.namespaces().withName(namespace).edit(ns -> new NamespaceBuilder(ns).editMetadata().addToLabels(SCOPE, "true").endMetadata().build());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            try {
                admin.resource(migration("probe", "options: {concurrency: 33}")).dryRun().create();
                return false;
            } catch (KubernetesClientException refused) {
                return true;
            }
        });

        var old = admin.genericKubernetesResources(Manifests.API_VERSION, Manifests.KIND).inNamespace(namespace).withName("old");
        old.edit(mj -> {
            specOf(mj).put("suspend", true);
            mj.getMetadata().setFinalizers(List.of("s3migration.io/test"));
            return mj;
        });
        assertRefused("maximum of 32", () -> old.edit(mj -> {
            options(mj).put("concurrency", 65);
            return mj;
        }));
        old.edit(mj -> {
            options(mj).put("concurrency", 32);
            mj.getMetadata().setFinalizers(List.of());
            return mj;
        });
        assertEquals(32, ((Number) options(old.get()).get("concurrency")).intValue());
        old.delete();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> specOf(GenericKubernetesResource mj) {
        return (Map<String, Object>) mj.getAdditionalProperties().get("spec");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> options(GenericKubernetesResource mj) {
        return (Map<String, Object>) specOf(mj).get("options");
    }
}
