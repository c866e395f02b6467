package io.s3migration.operator.apiserver;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.s3migration.operator.chart.RenderedChart;
import io.s3migration.operator.resources.Labels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.s3migration.operator.apiserver.DedicatedNodesAdmissionApiServerTest.assertRefused;
import static io.s3migration.operator.apiserver.DedicatedNodesAdmissionApiServerTest.impersonating;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13, finding 2, on a real API server: the chart's copy-pod guard (rendered with its defaults plus a platform
 * pod label, bound only to this class's namespace) refuses a tenant's NetworkPolicy that would reopen the copy pods'
 * egress (NetworkPolicies add up) and admits the ones tenants need; and refuses exec/attach into pods named like
 * copy pods. The tenant is a user bound to a Role that may write NetworkPolicies and exec into pods.
 */
class CopyPodGuardAdmissionApiServerTest extends CrdOnRealApiServer {
    static final String SCOPE = "test.s3migration.io/copy-pod-guard";
    static final String REFUSED = "would reopen the egress wall";
    static List<HasMetadata> policies;
    static KubernetesClient tenant;

    @BeforeAll
    static void installThePolicies() {
        admin.namespaces().withName(namespace).edit(ns -> new NamespaceBuilder(ns).editMetadata().addToLabels(SCOPE, "true").endMetadata().build());
        RenderedChart chart = RenderedChart.render(RenderedChart.values(
                "admissionPolicy.namespaceSelector", Map.of("matchLabels", Map.of(SCOPE, "true")),
                "copier.podLabels", Map.of("team", "storage")));
        policies = chart.objects().stream().filter(o -> o.getKind().startsWith("ValidatingAdmissionPolicy"))
                .filter(o -> o.getMetadata().getName().contains("-copy-pod-")).toList();
        assertEquals(4, policies.size(), "a policy and a binding each for NetworkPolicies and exec");
        policies.forEach(o -> admin.resource(o).forceConflicts().fieldManager("helm").serverSideApply());

        admin.resource(new RoleBuilder().withNewMetadata().withName("tenant").withNamespace(namespace).endMetadata()
                .withRules(new PolicyRuleBuilder().withApiGroups("networking.k8s.io").withResources("networkpolicies")
                                .withVerbs("get", "create", "update", "patch").build(),
                        new PolicyRuleBuilder().withApiGroups("").withResources("pods", "pods/exec", "pods/attach")
                                .withVerbs("get", "create").build())
                .build()).serverSideApply();
        admin.resource(new RoleBindingBuilder().withNewMetadata().withName("tenant").withNamespace(namespace).endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "Role", "tenant").addNewSubject().withKind("User")
                .withApiGroup("rbac.authorization.k8s.io").withName("bob").endSubject().build()).serverSideApply();
        tenant = impersonating("bob", "tenants");

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            try {
                tenant.resource(policy("probe", new LabelSelectorBuilder().build(), true)).dryRun().create();
                return false;
            } catch (KubernetesClientException refused) {
                return refused.getMessage().contains(REFUSED);
            }
        });
    }

    @AfterAll
    static void removeThePolicies() {
        if (policies != null) {
            policies.forEach(o -> admin.resource(o).delete());
        }
        if (tenant != null) {
            tenant.close();
        }
    }

    static NetworkPolicy policy(String name, io.fabric8.kubernetes.api.model.LabelSelector selector, boolean egressRule, String... types) {
        var spec = new NetworkPolicyBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().withPodSelector(selector).withPolicyTypes(types.length == 0 ? new String[]{"Egress"} : types);
        if (egressRule) {
            spec.addNewEgress().endEgress();
        }
        return spec.endSpec().build();
    }

    static LabelSelectorBuilder selector() {
        return new LabelSelectorBuilder();
    }

    @Test
    void aTenantsPolicyThatWouldReopenTheCopyPodsEgressIsRefusedWithTheFix() {
        for (NetworkPolicy reopening : List.of(
                policy("allow-all", selector().build(), true),
                policy("allow-all-both", selector().build(), true, "Ingress", "Egress"),
                policy("by-name", selector().addToMatchLabels(Labels.NAME, Labels.COPIER).build(), true),
                policy("one-migration", selector().addToMatchLabels(Labels.MIGRATION, "photos").build(), true),
                policy("platform-label", selector().addToMatchLabels("team", "storage").build(), true),
                policy("not-web", selector().addNewMatchExpression().withKey("app").withOperator("NotIn").withValues("web")
                        .endMatchExpression().build(), true))) {
            assertRefused("operator: NotIn, values: [s3migration-copier]", () -> tenant.resource(reopening).dryRun().create());
        }
    }

    @Test
    void policiesTenantsNeedPassAndSoDoesNarrowingALaterOne() {
        for (NetworkPolicy harmless : List.of(
                policy("default-deny", selector().build(), false, "Ingress", "Egress"),
                policy("ingress-only", selector().build(), false, "Ingress"),
                policy("web", selector().addToMatchLabels("app", "web").build(), true),
                policy("other-team", selector().addToMatchLabels("team", "web").build(), true),
                policy("not-copier", selector().addNewMatchExpression().withKey(Labels.NAME).withOperator("NotIn")
                        .withValues(Labels.COPIER).endMatchExpression().build(), true),
                policy("unmanaged", selector().addNewMatchExpression().withKey(Labels.MIGRATION).withOperator("DoesNotExist")
                        .endMatchExpression().build(), true),
                policy("has-app", selector().addNewMatchExpression().withKey("app").withOperator("Exists").endMatchExpression().build(), true))) {
            tenant.resource(harmless).dryRun().create();
        }
        NetworkPolicy web = tenant.resource(policy("web-egress", selector().addToMatchLabels("app", "web").build(), true)).create();
        assertRefused(REFUSED, () -> tenant.network().v1().networkPolicies().inNamespace(namespace).withName(web.getMetadata().getName())
                .edit(p -> new NetworkPolicyBuilder(p).editSpec().withPodSelector(selector().build()).endSpec().build()));
    }

    @Test
    void execAndAttachIntoAPodNamedLikeACopyPodAreRefusedAndIntoOthersReachTheKubelet() {
        for (String name : List.of("photos-1-x7k2p", "photos-preflight-b2c4d", "photos-12-zzzzz", "photos-v3-b2c4d", "photos-p2-x7k2p",
                // an Indexed Job's pods (spec.parallelism > 1): <job>-<completion index>-<suffix>
                "photos-1-0-x7k2p", "photos-2-63-b2c4d", "photos-v1-0-zzzzz")) {
            admin.resource(new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                    .withNewSpec().addNewContainer().withName("main").withImage("busybox").endContainer().endSpec().build()).create();
            // The exec policy is picked up by the API server on its own, maybe after the NetworkPolicy one.
            String[] refusal = new String[1];
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                refusal[0] = execRefusal(name);
                return refusal[0].contains("is named like an s3-migration-operator copy pod");
            });
            assertTrue(refusal[0].contains("exec, attach and port-forward into copy pods are refused"), refusal[0]);
        }
        for (String name : List.of("web", "photos-1", "photos-1-x7k2p-extra", "photos-1-aaaaa", "photos-1-0-aaaaa")) {   // 'a' is not in the suffix alphabet
            admin.resource(new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                    .withNewSpec().addNewContainer().withName("main").withImage("busybox").endContainer().endSpec().build()).create();
            String refusal = execRefusal(name);
            assertFalse(refusal.contains("copy pod"), refusal);   // admitted: fails later, at the pod with no node
            assertTrue(refusal.contains("host"), refusal);
        }
    }

    /** What the tenant's kubectl exec into {@code pod} prints (kube-api-test runs no kubelet: an admitted exec fails later). */
    private static String execRefusal(String pod) {
        try {
            java.nio.file.Path kubeconfig = java.nio.file.Files.createTempFile("tenant", ".kubeconfig");
            java.nio.file.Files.writeString(kubeconfig, RealApiServer.shared().kubeConfigYaml());
            Process kubectl = new ProcessBuilder(RealApiServer.binaryDir().resolve("kubectl").toString(), "--kubeconfig", kubeconfig.toString(),
                    "--as=bob", "--as-group=tenants", "-n", namespace, "exec", pod, "--", "true")
                    .redirectErrorStream(true).start();
            String out = new String(kubectl.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            kubectl.waitFor(30, TimeUnit.SECONDS);
            java.nio.file.Files.delete(kubeconfig);
            return out;
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
