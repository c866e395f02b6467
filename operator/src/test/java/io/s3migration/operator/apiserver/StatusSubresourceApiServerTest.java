package io.s3migration.operator.apiserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The status subresource and the printer columns of the committed CRD, on a real API server: status is written only
 * through {@code /status}, spec only through the main resource, and only spec changes bump the generation (the
 * operator's observedGeneration depends on that). The mock server implements none of this.
 */
class StatusSubresourceApiServerTest extends CrdOnRealApiServer {

    private Resource<GenericKubernetesResource> mj(String name) {
        return admin.genericKubernetesResources(Manifests.API_VERSION, Manifests.KIND).inNamespace(namespace)
                .withName(name);
    }

    @Test
    void statusSentWithCreateOrUpdateIsIgnored() {
        GenericKubernetesResource manifest = Manifests.migrationJob(namespace, "ignored", "");
        manifest.setAdditionalProperty("status", Map.of("phase", "Succeeded"));

        admin.resource(manifest).create();
        assertNull(mj("ignored").get().getAdditionalProperties().get("status"));

        GenericKubernetesResource edited = mj("ignored").get();
        edited.setAdditionalProperty("status", Map.of("phase", "Succeeded"));
        admin.resource(edited).update();
        assertNull(mj("ignored").get().getAdditionalProperties().get("status"));
    }

    @Test
    void statusIsWrittenThroughTheSubresourceWithoutBumpingTheGeneration() {
        admin.resource(Manifests.migrationJob(namespace, "status-only", "")).create();
        GenericKubernetesResource current = mj("status-only").get();
        current.setAdditionalProperty("status", Map.of("phase", "Running", "observedGeneration", 1));
        // a spec change sent to /status must be dropped
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = new LinkedHashMap<>((Map<String, Object>) current.getAdditionalProperties().get("spec"));
        spec.put("destination", Manifests.yaml("bucket: elsewhere\ncredentialsSecretRef: {name: x}"));
        current.setAdditionalProperty("spec", spec);

        admin.resource(current).updateStatus();

        GenericKubernetesResource stored = mj("status-only").get();
        assertEquals("Running", status(stored).get("phase"));
        assertEquals(1L, stored.getMetadata().getGeneration());
        assertEquals("photos-copy", ((Map<?, ?>) spec(stored).get("destination")).get("bucket"));
    }

    @Test
    void onlySpecChangesBumpTheGeneration() {
        admin.resource(Manifests.migrationJob(namespace, "generations", "")).create();

        GenericKubernetesResource labelled = mj("generations").get();
        labelled.getMetadata().setLabels(Map.of("team", "a"));
        admin.resource(labelled).update();
        assertEquals(1L, mj("generations").get().getMetadata().getGeneration());

        GenericKubernetesResource edited = mj("generations").get();
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = new LinkedHashMap<>((Map<String, Object>) edited.getAdditionalProperties().get("spec"));
        spec.put("options", Map.of("concurrency", 8));
        edited.setAdditionalProperty("spec", spec);
        admin.resource(edited).update();
        assertEquals(2L, mj("generations").get().getMetadata().getGeneration());
    }

    /** Every printer column shows the status value at its jsonPath: kubectl get mj reads what the operator writes. */
    @Test
    void printerColumnsShowTheStatusTheOperatorWrites() {
        admin.resource(Manifests.migrationJob(namespace, "columns", "")).create();
        List<CustomResourceColumnDefinition> columns = crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns();
        JSONSchemaProps statusSchema = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema()
                .getProperties().get("status");
        Map<String, Object> status = new LinkedHashMap<>();
        Map<String, Object> expectedCells = new LinkedHashMap<>();
        for (CustomResourceColumnDefinition column : columns) {
            if (!column.getJsonPath().startsWith(".status.")) {
                continue;
            }
            String[] path = column.getJsonPath().substring(".status.".length()).split("\\.");
            Object value = sampleValue(column.getName(), schemaAt(statusSchema, path));
            put(status, path, value);
            expectedCells.put(column.getName(), value);
        }
        GenericKubernetesResource current = mj("columns").get();
        current.setAdditionalProperty("status", status);
        admin.resource(current).updateStatus();

        Map<String, Object> table = getAsTable("columns");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> definitions = (List<Map<String, Object>>) table.get("columnDefinitions");
        @SuppressWarnings("unchecked")
        List<Object> cells = (List<Object>) ((List<Map<String, Object>>) table.get("rows")).get(0).get("cells");
        List<String> names = new ArrayList<>();
        definitions.forEach(d -> names.add((String) d.get("name")));
        expectedCells.forEach((name, value) -> {
            int index = names.indexOf(name);
            assertTrue(index >= 0, "column " + name + " missing from " + names);
            Object cell = cells.get(index);
            assertEquals(String.valueOf(value), String.valueOf(cell), "column " + name);
        });
    }

    /** DESIGN §2 names the columns `kubectl get mj` shows. */
    @Test
    void printerColumnsAreTheOnesTheDesignPromises() {
        List<String> names = crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns().stream()
                .map(CustomResourceColumnDefinition::getName).toList();
        for (String expected : List.of("Phase", "Progress", "Objects", "Bytes", "Rate", "ETA", "Age")) {
            assertTrue(names.contains(expected), expected + " column missing: " + names);
        }
    }

    private static JSONSchemaProps schemaAt(JSONSchemaProps schema, String[] path) {
        JSONSchemaProps node = schema;
        for (String part : path) {
            assertNotNull(node.getProperties(), "no schema below " + part);
            node = node.getProperties().get(part);
            assertNotNull(node, "printer column path ." + String.join(".", path) + " is not in the status schema");
        }
        return node;
    }

    /** A value the status schema accepts at a column's path, distinct per column. */
    private static Object sampleValue(String column, JSONSchemaProps field) {
        if (field.getEnum() != null && !field.getEnum().isEmpty()) {
            return field.getEnum().get(field.getEnum().size() - 1).asText();
        }
        return switch (String.valueOf(field.getType())) {
            case "integer" -> 4242;
            case "number" -> 66.5;
            case "boolean" -> true;
            default -> column + "-value";
        };
    }

    private Map<String, Object> getAsTable(String name) {
        String url = admin.getMasterUrl() + "apis/s3migration.io/v1alpha1/namespaces/" + namespace
                + "/migrationjobs/" + name;
        HttpRequest request = admin.getHttpClient().newHttpRequestBuilder().uri(url)
                .header("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io").build();
        try {
            HttpResponse<String> response = admin.getHttpClient().sendAsync(request, String.class).get();
            assertEquals(200, response.code(), response.body());
            return Manifests.yaml(response.body());
        } catch (Exception e) {
            throw new AssertionError("GET " + url + " as Table failed", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> root, String[] path, Object value) {
        Map<String, Object> node = root;
        for (int i = 0; i < path.length - 1; i++) {
            node = (Map<String, Object>) node.computeIfAbsent(path[i], k -> new LinkedHashMap<String, Object>());
        }
        node.put(path[path.length - 1], value);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> status(GenericKubernetesResource r) {
        Object status = r.getAdditionalProperties().get("status");
        assertNotNull(status, "no status");
        return (Map<String, Object>) status;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> spec(GenericKubernetesResource r) {
        return (Map<String, Object>) r.getAdditionalProperties().get("spec");
    }
}
