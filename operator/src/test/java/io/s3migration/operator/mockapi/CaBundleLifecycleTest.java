package io.s3migration.operator.mockapi;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.s3migration.operator.reconcile.Fixtures;
import io.s3migration.operator.resources.CaBundleConfigMap;
import io.s3migration.protocol.CopierSettings;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With the platform's CA bundle set, the operator's workflow creates the ConfigMap and the Job mounts and names it. */
@QuarkusTest
@WithKubernetesTestServer
@TestProfile(CaBundleLifecycleTest.WithCaBundle.class)
class CaBundleLifecycleTest {
    static final String PEM = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUb3Zl\n-----END CERTIFICATE-----\n";

    public static class WithCaBundle implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("s3migration.copier.ca-bundle", PEM);
        }
    }

    @Inject
    KubernetesClient client;

    @Test
    void theBundleReachesTheMigrationsNamespaceAndItsPreflightJob() {
        String ns = "ca-bundle";
        Fixtures.createSecrets(client, "trusted", ns);
        client.resource(Fixtures.migration("trusted", ns)).create();
        await().atMost(Duration.ofSeconds(20)).until(() -> client.batch().v1().jobs().inNamespace(ns).withName("trusted-preflight").get() != null
                && client.configMaps().inNamespace(ns).withName("trusted-ca-bundle").get() != null);
        ConfigMap bundle = client.configMaps().inNamespace(ns).withName("trusted-ca-bundle").get();
        assertEquals(Map.of(CaBundleConfigMap.KEY, PEM), bundle.getData());
        assertEquals("MigrationJob", bundle.getMetadata().getOwnerReferences().get(0).getKind(), "goes with the MigrationJob");
        Job job = client.batch().v1().jobs().inNamespace(ns).withName("trusted-preflight").get();
        var pod = job.getSpec().getTemplate().getSpec();
        assertTrue(pod.getVolumes().stream().anyMatch(v -> v.getConfigMap() != null && "trusted-ca-bundle".equals(v.getConfigMap().getName())));
        assertEquals(CaBundleConfigMap.MOUNTED_FILE, pod.getContainers().get(0).getEnv().stream()
                .filter(e -> e.getName().equals(CopierSettings.CA_BUNDLE.variable())).findFirst().orElseThrow().getValue());
    }
}
