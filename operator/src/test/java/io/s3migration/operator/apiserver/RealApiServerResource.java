package io.s3migration.operator.apiserver;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points the operator's Kubernetes client at the shared real API server, with the committed CRD applied (the operator
 * itself is told not to apply one). The operator authenticates as cluster-admin here.
 */
public class RealApiServerResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        RealApiServer server = RealApiServer.started();
        try (KubernetesClient admin = server.adminClient()) {
            MigrationJobCrd.apply(admin);
        }
        return Map.of(
                "quarkus.kubernetes-client.api-server-url", server.url(),
                "quarkus.kubernetes-client.ca-cert-file", server.certificate("apiserver.crt").toString(),
                "quarkus.kubernetes-client.client-cert-file", server.certificate("client.crt").toString(),
                "quarkus.kubernetes-client.client-key-file", server.certificate("client.key").toString(),
                "quarkus.kubernetes-client.namespace", "default");
    }

    @Override
    public void stop() {
        // The server is shared by the whole test JVM and stopped by its shutdown hook.
    }
}
