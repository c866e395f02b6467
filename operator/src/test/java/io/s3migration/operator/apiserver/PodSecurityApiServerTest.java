package io.s3migration.operator.apiserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.s3migration.operator.api.MigrationJob;
import io.s3migration.operator.chart.RenderedChart;
import io.s3migration.operator.config.OperatorConfig;
import io.s3migration.operator.config.TestConfigs;
import io.s3migration.operator.reconcile.Fixtures;
import io.s3migration.operator.resources.CopierJob;
import io.s3migration.protocol.CopierConfig;
import io.s3migration.protocol.Mode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The pods the chart and the operator make, through the API server's own Pod Security admission in a namespace
 * labelled {@code enforce=restricted}, as the chart README tells platform teams to label the operator's namespace
 * and their tenants' namespaces: the operator pod, the pre-flight and copy pods (also in their own user namespace).
 */
class PodSecurityApiServerTest extends CrdOnRealApiServer {

    private static String restrictedNamespace() {
        String name = namespace + "-restricted";
        if (admin.namespaces().withName(name).get() == null) {
            admin.resource(new NamespaceBuilder().withNewMetadata().withName(name)
                    .addToLabels("pod-security.kubernetes.io/enforce", "restricted")
                    .addToLabels("pod-security.kubernetes.io/enforce-version", "latest")
                    .endMetadata().build()).create();
        }
        return name;
    }

    private static Pod pod(String ns, String name, PodTemplateSpec template) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(ns).withLabels(template.getMetadata().getLabels())
                .endMetadata().withSpec(template.getSpec()).build();
    }

    /** Created for real would be the same check; a dry run keeps the namespace empty. */
    private static void create(Pod pod) {
        admin.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).dryRun().create();
    }

    @Test
    void theOperatorPodAndEveryCopyPodPassTheRestrictedStandard() {
        String ns = restrictedNamespace();
        create(pod(ns, "operator", RenderedChart.render(Map.of()).deployment().getSpec().getTemplate()));

        MigrationJob mj = Fixtures.migration("photos", ns);
        for (boolean userNamespace : List.of(false, true)) {
            OperatorConfig config = TestConfigs.fromEnv(RenderedChart.render(RenderedChart.values("copier.userNamespace", userNamespace)).operatorEnv());
            for (Mode mode : Mode.values()) {
                CopierConfig copier = CopierConfig.of(mode, mj.getSpec().source().toBucket(), mj.getSpec().destination().toBucket());
                PodTemplateSpec template = CopierJob.build(mj, "photos-" + mode.name().toLowerCase(), copier, config).getSpec().getTemplate();
                assertEquals(userNamespace ? Boolean.FALSE : null, template.getSpec().getHostUsers());
                create(pod(ns, "copier-" + mode.name().toLowerCase() + (userNamespace ? "-userns" : ""), template));
            }
        }
    }

    @Test
    void theAdmissionIsLiveAPodThatMayEscalateIsRefused() {
        String ns = restrictedNamespace();
        MigrationJob mj = Fixtures.migration("photos", ns);
        CopierConfig copier = CopierConfig.of(Mode.COPY, mj.getSpec().source().toBucket(), mj.getSpec().destination().toBucket());
        Pod pod = pod(ns, "escalating", CopierJob.build(mj, "photos-1", copier, TestConfigs.of(Map.of())).getSpec().getTemplate());
        pod.getSpec().getContainers().get(0).getSecurityContext().setAllowPrivilegeEscalation(true);
        KubernetesClientException refused = assertThrows(KubernetesClientException.class, () -> create(pod));
        assertTrue(refused.getMessage().contains("violates PodSecurity \"restricted:latest\""), refused.getMessage());
    }
}
