package io.s3migration.operator.apiserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Server-side apply with the committed CRD on a real API server, the way a tenant (kubectl/Argo CD) and the operator
 * share one object: the tenant owns spec, the operator owns status through {@code /status}, neither wipes the
 * other's fields, and a third writer cannot silently take a field over. The mock server answers 415 to SSA.
 */
class ServerSideApplyApiServerTest extends CrdOnRealApiServer {
    private static final String TENANT = "tenant-gitops";
    private static final String OPERATOR = "s3migration-operator";

    @Test
    void tenantSpecAndOperatorStatusCoexist() {
        admin.resource(Manifests.migrationJob(namespace, "shared", "")).fieldManager(TENANT).serverSideApply();
        applyStatus("shared", Map.of("phase", "Running", "observedGeneration", 1));

        admin.resource(Manifests.migrationJob(namespace, "shared", "options: {concurrency: 4}"))
                .fieldManager(TENANT).serverSideApply();

        GenericKubernetesResource stored = get("shared");
        assertEquals(4, ((Map<?, ?>) StatusSubresourceApiServerTest.spec(stored).get("options")).get("concurrency"));
        assertEquals("Running", StatusSubresourceApiServerTest.status(stored).get("phase"),
                "the tenant's apply must not wipe the operator's status");
        assertEquals(2L, stored.getMetadata().getGeneration());
        List<ManagedFieldsEntry> managed = stored.getMetadata().getManagedFields();
        assertTrue(managed.stream().anyMatch(m -> OPERATOR.equals(m.getManager()) && "status".equals(m.getSubresource())),
                managed::toString);
        assertTrue(managed.stream().anyMatch(m -> TENANT.equals(m.getManager()) && m.getSubresource() == null),
                managed::toString);
    }

    @Test
    void anotherWriterCannotTakeOverTheTenantsFieldsUnlessForced() {
        admin.resource(Manifests.migrationJob(namespace, "contested", "")).fieldManager(TENANT).serverSideApply();

        GenericKubernetesResource intruder = Manifests.migrationJob(namespace, "contested", "options: {concurrency: 2}");
        KubernetesClientException conflict = assertThrows(KubernetesClientException.class,
                () -> admin.resource(intruder).fieldManager("someone-else").serverSideApply());

        assertEquals(409, conflict.getCode(), conflict.getMessage());
        assertTrue(conflict.getMessage().contains(".spec.options.concurrency") && conflict.getMessage().contains(TENANT),
                conflict.getMessage());
        assertEquals(16, ((Map<?, ?>) StatusSubresourceApiServerTest.spec(get("contested")).get("options"))
                .get("concurrency"));

        admin.resource(intruder).fieldManager("someone-else").forceConflicts().serverSideApply();
        assertEquals(2, ((Map<?, ?>) StatusSubresourceApiServerTest.spec(get("contested")).get("options"))
                .get("concurrency"));
    }

    @Test
    void statusApplyIsValidatedAgainstTheStatusSchema() {
        admin.resource(Manifests.migrationJob(namespace, "typed-status", "")).fieldManager(TENANT).serverSideApply();

        KubernetesClientException refused = assertThrows(KubernetesClientException.class,
                () -> applyStatus("typed-status", Map.of("observedGeneration", "one")));

        // kube-apiserver reports apply type errors as 500 "failed to create typed patch object"
        assertTrue(refused.getMessage().contains(".status.observedGeneration: expected numeric"), refused.getMessage());
        assertEquals(null, get("typed-status").getAdditionalProperties().get("status"));
    }

    /** What JOSDK does with SSA enabled: an apply patch of status only, sent to /status, forcing ownership. */
    private void applyStatus(String name, Map<String, Object> status) {
        GenericKubernetesResource patch = new GenericKubernetesResource();
        patch.setApiVersion(Manifests.API_VERSION);
        patch.setKind(Manifests.KIND);
        patch.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        patch.setAdditionalProperty("status", status);
        admin.resource(patch).subresource("status").patch(new PatchContext.Builder()
                .withPatchType(PatchType.SERVER_SIDE_APPLY).withFieldManager(OPERATOR).withForce(true).build());
    }

}
