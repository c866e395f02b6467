package io.s3migration.operator.apiserver;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.s3migration.operator.chart.RenderedChart;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Points the operator at the real API server as the Helm chart's ServiceAccount: the chart is rendered with its
 * defaults, its ServiceAccount and RBAC objects are applied, and the operator authenticates with a token of that
 * ServiceAccount (TokenRequest), so every call it makes is checked against the chart's rules, not cluster-admin.
 */
public class ChartRbacResource implements QuarkusTestResourceLifecycleManager {
    static final Set<String> RBAC_KINDS = Set.of("ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding");

    @Override
    public Map<String, String> start() {
        RealApiServer server = RealApiServer.started();
        String token;
        try (KubernetesClient admin = server.adminClient()) {
            MigrationJobCrd.apply(admin);
            if (admin.namespaces().withName(RenderedChart.NAMESPACE).get() == null) {
                admin.resource(new NamespaceBuilder().withNewMetadata().withName(RenderedChart.NAMESPACE).endMetadata()
                        .build()).create();
            }
            List<HasMetadata> rbac = RenderedChart.render(Map.of()).objects().stream()
                    .filter(o -> RBAC_KINDS.contains(o.getKind())).toList();
            rbac.forEach(o -> admin.resource(o).forceConflicts().fieldManager("helm").serverSideApply());
            ServiceAccount account = rbac.stream().filter(ServiceAccount.class::isInstance).map(ServiceAccount.class::cast)
                    .findFirst().orElseThrow(() -> new IllegalStateException("the chart renders no ServiceAccount"));
            token = admin.serviceAccounts().inNamespace(RenderedChart.NAMESPACE).withName(account.getMetadata().getName())
                    .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
                    .getStatus().getToken();
        }
        return Map.of(
                "quarkus.kubernetes-client.api-server-url", server.url(),
                "quarkus.kubernetes-client.ca-cert-file", server.certificate("apiserver.crt").toString(),
                "quarkus.kubernetes-client.token", token,
                "quarkus.kubernetes-client.namespace", RenderedChart.NAMESPACE);
    }

    @Override
    public void stop() {
        // The shared server stops with the JVM.
    }
}
