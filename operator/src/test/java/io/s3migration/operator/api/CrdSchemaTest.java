package io.s3migration.operator.api;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.s3migration.protocol.ArchivedObjectPolicy;
import io.s3migration.protocol.Provider;
import io.s3migration.protocol.VerifyLevel;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CRD the build generates explains itself ({@code kubectl explain mj.spec.options} says what each field does),
 * closed sets are {@code enum:} lists and the operator's defaults are schema {@code default:}s. A {@code @QuarkusTest}
 * for the same reason as {@link CrdDriftTest}: the Quarkus build generates the file.
 */
@QuarkusTest
@WithKubernetesTestServer
class CrdSchemaTest {

    @Test
    void everySchemaNodeHasADescription() throws IOException {
        List<String> undescribed = new ArrayList<>();
        walk("<root>", schema(), undescribed);
        assertEquals(List.of(), undescribed, "schema nodes without a description: add @JsonPropertyDescription in api/");
    }

    @Test
    void closedSetsAreEnums() throws IOException {
        Map<String, Object> schema = schema();
        Map<String, List<String>> expected = new LinkedHashMap<>();
        // The copier's own enums, as users spell them: a value added there must reach the schema.
        expected.put("spec.source.provider", userSpelling(Provider.values()));
        expected.put("spec.destination.provider", userSpelling(Provider.values()));
        expected.put("spec.options.verify", userSpelling(VerifyLevel.values()));
        expected.put("spec.options.onArchivedObject", userSpelling(ArchivedObjectPolicy.values()));
        expected.put("spec.credentialsRetention", List.of("DeleteWhenDone", "Retain"));
        expected.put("spec.verification", List.of("AfterCopy", "None"));
        expected.put("status.phase", List.of("Cancelled", "Failed", "Paused", "Pending", "Preflight", "Queued", "Running", "Succeeded", "Verifying"));
        expected.put("status.conditions[].status", List.of("False", "True", "Unknown"));
        expected.forEach((path, values) -> assertEquals(values, node(schema, path).get("enum"), path + " enum"));
        // The API server skips every CEL rule of an object an enum refused: a rule restating an enum would never run.
        expected.keySet().forEach(path -> assertFalse(node(schema, path).containsKey("x-kubernetes-validations"),
                path + ": an enum and a CEL rule saying the same"));
    }

    @Test
    void theOperatorsDefaultsAreSchemaDefaults() throws IOException {
        Map<String, Object> schema = schema();
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("spec.credentialsRetention", "DeleteWhenDone");
        expected.put("spec.suspend", false);
        expected.put("spec.cancel", false);
        expected.put("spec.preflightOnly", false);
        expected.put("spec.verification", "AfterCopy");
        expected.put("spec.options.verify", "checksum");
        expected.put("spec.options.onArchivedObject", "fail");
        expected.put("spec.options.preserveMetadata", true);
        expected.put("spec.source.pathStyle", false);
        expected.put("spec.source.credentialsSecretRef.accessKeyIdKey", SecretRef.DEFAULT_ACCESS_KEY_ID_KEY);
        expected.put("spec.destination.credentialsSecretRef.secretAccessKeyKey", SecretRef.DEFAULT_SECRET_ACCESS_KEY_KEY);
        expected.forEach((path, value) -> assertEquals(value, node(schema, path).get("default"), path + " default"));
        assertFalse(node(schema, "spec.source.provider").containsKey("default"), "no provider default: absent means custom, as given");
        for (String platformDefault : List.of("spec.options.concurrency", "spec.options.bandwidthLimit")) {
            assertFalse(node(schema, platformDefault).containsKey("default"),
                    platformDefault + ": left out, it takes the platform's default (chart limits.*), which a schema default would hide");
        }
    }

    private static List<String> userSpelling(Enum<?>[] values) {
        return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).sorted().toList();
    }

    static Map<String, Object> schema() throws IOException {
        assertTrue(Files.exists(CrdDriftTest.GENERATED), "the build did not generate " + CrdDriftTest.GENERATED.toAbsolutePath());
        Map<String, Object> crd = new KubernetesSerialization().unmarshal(Files.readString(CrdDriftTest.GENERATED), Map.class);
        return at(at(at(at(crd, "spec"), "versions", 0), "schema"), "openAPIV3Schema");
    }

    /** Every property (nested objects, array items and map values included) needs a description, and so does the root. */
    @SuppressWarnings("unchecked")
    private static void walk(String path, Map<String, Object> node, List<String> undescribed) {
        if (!(node.get("description") instanceof String d) || d.isBlank()) {
            undescribed.add(path);
        }
        Map<String, Object> properties = (Map<String, Object>) node.getOrDefault("properties", Map.of());
        properties.forEach((name, child) -> walk(join(path, name), (Map<String, Object>) child, undescribed));
        for (String container : List.of("items", "additionalProperties")) {
            if (node.get(container) instanceof Map<?, ?> inner && inner.get("properties") instanceof Map<?, ?> innerProperties) {
                innerProperties.forEach((name, child) -> walk(join(path + "[]", (String) name), (Map<String, Object>) child, undescribed));
            }
        }
    }

    /** {@code spec.options.verify}, {@code status.conditions[].status}. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> node(Map<String, Object> schema, String path) {
        Map<String, Object> node = schema;
        for (String segment : path.split("\\.")) {
            boolean item = segment.endsWith("[]");
            node = at(at(node, "properties"), item ? segment.substring(0, segment.length() - 2) : segment);
            if (item) {
                node = at(node, "items");
            }
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> at(Map<String, Object> map, String key) {
        Object value = map.get(key);
        assertTrue(value instanceof Map, () -> "no object '" + key + "' in " + map.keySet());
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> at(Map<String, Object> map, String key, int index) {
        return (Map<String, Object>) ((List<Object>) map.get(key)).get(index);
    }

    private static String join(String path, String name) {
        return "<root>".equals(path) ? name : path + "." + name;
    }
}
