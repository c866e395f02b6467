package io.s3migration.operator.apiserver;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.s3migration.operator.chart.RenderedChart;
import io.s3migration.operator.reconcile.StartLedger;
import io.s3migration.operator.resources.StartLedgerConfigMap;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chart's Role {@code <release>-start-ledger} alone is enough to keep the daily quota's ledger, and no more: with
 * {@code watchNamespaces} it is the operator's only right in its own namespace on ConfigMaps (cluster-wide, the
 * operator's ClusterRole covers ConfigMaps anyway). Its ServiceAccount and bindings are moved into this class's fresh
 * namespace, so no other binding of the shared API server lends it a right.
 */
class StartLedgerRbacApiServerTest extends CrdOnRealApiServer {

    @Test
    void theChartsLedgerRoleLetsTheOperatorKeepItsLedgerAndTouchNothingElse() {
        List<HasMetadata> rbac = RenderedChart.render(RenderedChart.values("watchNamespaces", List.of("team-a"))).objects().stream()
                .filter(o -> o.getKind().equals("ServiceAccount") || o.getMetadata().getName().endsWith("-start-ledger")).toList();
        assertEquals(3, rbac.size(), "the ServiceAccount, the ledger Role and its binding");
        rbac.forEach(o -> {
            o.getMetadata().setNamespace(namespace);
            if (o instanceof RoleBinding binding) {
                binding.getSubjects().forEach(s -> s.setNamespace(namespace));
            }
            admin.resource(o).create();
        });
        String account = rbac.stream().filter(o -> o.getKind().equals("ServiceAccount")).findFirst().orElseThrow().getMetadata().getName();
        String token = admin.serviceAccounts().inNamespace(namespace).withName(account)
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(600L).endSpec().build()).getStatus().getToken();
        RealApiServer server = RealApiServer.shared();
        admin.resource(new ConfigMapBuilder().withNewMetadata().withName("someone-elses").withNamespace(namespace).endMetadata()
                .addToData("k", "v").build()).create();

        try (KubernetesClient operator = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(server.url())
                .withCaCertFile(server.certificate("apiserver.crt").toString()).withOauthToken(token).withNamespace(namespace).build()).build()) {
            StartLedgerConfigMap ledger = new StartLedgerConfigMap(namespace);
            Instant now = Instant.now();
            ledger.record(operator, "team-a", new StartLedger.Start("photos", now.minusSeconds(60)), now);   // create
            ledger.record(operator, "team-a", new StartLedger.Start("logs", now), now);                        // get + update
            // Another operator process (a restart) records the same start again: read, found, nothing written.
            new StartLedgerConfigMap(namespace).record(operator, "team-a", new StartLedger.Start("logs", now), now);
            assertEquals(List.of("photos", "logs"), ledger.startsIn(operator, "team-a").stream().map(StartLedger.Start::name).toList());

            assertForbidden(() -> operator.configMaps().inNamespace(namespace).withName("someone-elses").get());
            assertForbidden(() -> operator.configMaps().inNamespace(namespace).list());
            assertForbidden(() -> operator.configMaps().inNamespace(namespace).withName(StartLedgerConfigMap.NAME).delete());
            assertForbidden(() -> operator.configMaps().inNamespace("default").withName(StartLedgerConfigMap.NAME).get());
            assertForbidden(() -> operator.secrets().inNamespace(namespace).list());
        }
        assertEquals(Map.of("k", "v"), admin.configMaps().inNamespace(namespace).withName("someone-elses").get().getData());
    }

    private static void assertForbidden(Runnable request) {
        KubernetesClientException refused = assertThrows(KubernetesClientException.class, request::run);
        assertTrue(refused.getCode() == 403, refused.getMessage());
    }
}
