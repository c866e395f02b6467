package io.s3migration.operator.apiserver;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base of the tests that talk to the API server directly (no operator): the committed CRD applied, a cluster-admin
 * client, and a fresh namespace per test class; skipped (counted as skipped, reason printed) when the binaries are
 * absent.
 */
@ExtendWith(RealApiServerAvailable.class)
abstract class CrdOnRealApiServer {
    static KubernetesClient admin;
    static CustomResourceDefinition crd;
    static String namespace;

    @BeforeAll
    static void applyCrd(TestInfo test) {
        admin = RealApiServer.shared().adminClient();
        crd = MigrationJobCrd.apply(admin);
        String prefix = test.getTestClass().map(c -> c.getSimpleName().replace("ApiServerTest", "")).orElse("test");
        namespace = Manifests.newNamespace(admin, prefix.toLowerCase(java.util.Locale.ROOT));
    }

    @AfterAll
    static void close() {
        if (admin != null) {
            admin.close();
        }
    }

    static GenericKubernetesResource get(String name) {
        return admin.genericKubernetesResources(Manifests.API_VERSION, Manifests.KIND).inNamespace(namespace)
                .withName(name).get();
    }
}
