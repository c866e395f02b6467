package io.s3migration.operator.apiserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The committed CRD on a real API server: its OpenAPI schema turns bad specs away with messages a user can act on.
 * The Fabric8 mock server stores anything, so only this tier proves the schema.
 */
class CrdValidationApiServerTest {
    private static KubernetesClient admin;
    private static String namespace;
    private static final AtomicInteger names = new AtomicInteger();

    @BeforeAll
    static void applyCrd() {
        RealApiServer server = RealApiServer.shared();
        admin = server.adminClient();
        MigrationJobCrd.apply(admin);
        namespace = Manifests.newNamespace(admin, "crd-validation");
    }

    @AfterAll
    static void close() {
        if (admin != null) {
            admin.close();
        }
    }

    @Test
    void acceptsAValidSpecAndStoresItUnchanged() {
        GenericKubernetesResource created = admin.resource(
                Manifests.migrationJob(namespace, "valid", "")).create();

        GenericKubernetesResource stored = admin.genericKubernetesResources(Manifests.API_VERSION, Manifests.KIND)
                .inNamespace(namespace).withName("valid").get();
        assertEquals(created.getMetadata().getUid(), stored.getMetadata().getUid());
        assertEquals(Manifests.yaml(Manifests.VALID_SPEC), stored.getAdditionalProperties().get("spec"));
        assertEquals(1L, stored.getMetadata().getGeneration());
    }

    @Test
    void prunesFieldsTheSchemaDoesNotKnow() {
        admin.resource(Manifests.migrationJob(namespace, "pruned", """
                source: {bucketz: typo}
                sneaky: {command: ["sh"]}
                """)).create();

        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) admin.genericKubernetesResources(Manifests.API_VERSION,
                Manifests.KIND).inNamespace(namespace).withName("pruned").get().getAdditionalProperties().get("spec");
        assertFalse(spec.containsKey("sneaky"), spec.toString());
        assertFalse(((Map<?, ?>) spec.get("source")).containsKey("bucketz"), spec.toString());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            no source                      | source: null                                 | spec.source: Required value
            no destination                 | destination: null                            | spec.destination: Required value
            no source bucket               | source: {bucket: null}                       | spec.source.bucket: Required value
            no destination bucket          | destination: {bucket: null}                  | spec.destination.bucket: Required value
            no source Secret               | source: {credentialsSecretRef: null}         | spec.source.credentialsSecretRef: Required value
            no destination Secret name     | destination: {credentialsSecretRef: {name: null, accessKeyIdKey: id}} | spec.destination.credentialsSecretRef.name: Required value
            concurrency 0                  | options: {concurrency: 0}                    | should be greater than or equal to 1
            concurrency 1025               | options: {concurrency: 1025}                 | should be less than or equal to 1024
            concurrency not a number       | options: {concurrency: many}                 | spec.options.concurrency in body must be of type integer
            bucket not a string            | source: {bucket: 42}                         | spec.source.bucket in body must be of type string
            pathStyle not a boolean        | source: {pathStyle: sometimes}               | spec.source.pathStyle in body must be of type boolean
            """)
    void rejectsInvalidSpecs(String description, String specPatch, String expectedMessage) {
        GenericKubernetesResource bad = Manifests.migrationJob(namespace, "bad-" + names.incrementAndGet(), specPatch);

        KubernetesClientException refused = assertThrows(KubernetesClientException.class,
                () -> admin.resource(bad).create(), description + " was accepted");

        assertEquals(422, refused.getCode(), refused.getMessage());
        assertTrue(refused.getMessage().contains(expectedMessage),
                () -> "expected \"" + expectedMessage + "\" in: " + refused.getMessage());
    }
}
