package io.s3migration.operator.chart;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static io.s3migration.operator.chart.RenderedChart.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code values.schema.json}: a value of the wrong type or a misspelt key fails {@code helm install/template} with a
 * message naming it, instead of reaching the operator as a bad env var (a crash loop or a silently ignored setting).
 */
class ValuesSchemaTest {
    private static final KubernetesSerialization YAML = new KubernetesSerialization();

    static Stream<Arguments> wrongValues() {
        return Stream.of(
                Arguments.of("replicaCount", "three", "replicaCount"),
                Arguments.of("imagePullSecrets", List.of(Map.of("name", "regcred")), "imagePullSecrets"),
                Arguments.of("watchNamespaces", "team-a", "watchNamespaces"),
                Arguments.of("copier.activeDeadline", "7 days", "activeDeadline"),
                Arguments.of("copier.resources.limits.memory", "1 GB", "memory"),
                Arguments.of("migrationNodes.tolerations", List.of(Map.of("key", "pool", "effect", "NoSchedul")), "effect"),
                Arguments.of("migrationNodes.tolerations", List.of(Map.of("key", "pool", "effect", "NoSchedule", "tolerationSeconds", 60)), "effect"),
                Arguments.of("migrationNodes.tolerations", List.of(Map.of("key", "pool", "tolerationseconds", 60)), "tolerationseconds"),
                Arguments.of("migrationNodes.affinity", Map.of("nodeAfinity", Map.of()), "nodeAfinity"),
                Arguments.of("quotas.maxConcurrentPerNamespace", -1, "maxConcurrentPerNamespace"),
                Arguments.of("quota.maxConcurrentPerNamespace", 5, "quota"),
                Arguments.of("egress.allowedCidrs", List.of("10.0.0.0"), "allowedCidrs"),
                // Replaced by platform.storage.endpoint: the message says so.
                Arguments.of("platform.storageEndpoint", "https://storage.example",
                        "at '/platform/storageEndpoint': value must be '(removed: set platform.storage.endpoint instead)'"),
                Arguments.of("platform.storage.endpoint", "https://storage.example/bucket", "endpoint"),
                Arguments.of("platform.storage.cidrs", List.of("10.20.0.0"), "cidrs"),
                Arguments.of("platform.storage.cidr", List.of("10.20.0.0/16"), "cidr"),
                Arguments.of("destinations.allowAny", "yes", "allowAny"),
                Arguments.of("metrics.serviceMonitor.enabled", "yes", "enabled"),
                Arguments.of("logging.format", "yaml", "format"),
                Arguments.of("limits.bandwidthLimit.max", "100MB", "max"),
                Arguments.of("limits.bandwidthLimit.default", "fast", "default"),
                Arguments.of("limits.concurrency.max", 2048, "max"),
                Arguments.of("limits.concurrency.default", -1, "default"),
                Arguments.of("limits.concurency", Map.of("max", 8), "concurency"),
                Arguments.of("logging.level", "verbose", "level"),
                // The labels the copy pod's NetworkPolicy selects (the operator would override them anyway).
                Arguments.of("copier.podLabels", Map.of("s3migration.io/migration", "other"), "invalid propertyName 's3migration.io/migration'"),
                Arguments.of("copier.podLabels", Map.of("app.kubernetes.io/name", "x"), "invalid propertyName 'app.kubernetes.io/name'"),
                Arguments.of("copier.podAnnotations", Map.of("sidecar.istio.io/inject", false), "podAnnotations"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("wrongValues")
    void aWrongValueFailsTheInstallNamingIt(String path, Object value, String named) {
        Exception refused = assertThrows(Exception.class, () -> RenderedChart.render(values(path, value)),
                () -> path + "=" + value + " rendered");
        assertTrue(refused.getMessage().contains("values don't meet the specifications of the schema"), refused::getMessage);
        assertTrue(refused.getMessage().contains(named), () -> "the message should name " + named + ": " + refused.getMessage());
    }

    @Test
    void theDemoValuesPass() throws Exception {
        Map<String, Object> demo = YAML.unmarshal(Files.readString(Repository.EXAMPLES.resolve("demo/values.yaml")), Map.class);
        RenderedChart.render(demo).deployment();
    }

    @Test
    void everyValueInValuesYamlHasASchemaEntry() throws Exception {
        Map<String, Object> values = YAML.unmarshal(Files.readString(Repository.CHART.resolve("values.yaml")), Map.class);
        Map<String, Object> schema = YAML.unmarshal(Files.readString(Repository.CHART.resolve("values.schema.json")), Map.class);
        List<String> uncovered = new ArrayList<>();
        leaves(List.of(), values, path -> {
            if (lookup(schema, path) == null) {
                uncovered.add(String.join(".", path));
            }
        });
        assertEquals(List.of(), uncovered, "values.yaml keys missing from values.schema.json");
    }

    /** The schema node of a values path (keys may hold dots), following $ref into definitions; null when there is none. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> lookup(Map<String, Object> schema, List<String> path) {
        Map<String, Object> node = schema;
        for (String key : path) {
            node = resolve(schema, node);
            Object child = ((Map<String, Object>) node.getOrDefault("properties", Map.of())).get(key);
            if (child == null && node.get("additionalProperties") instanceof Map<?, ?> any) {
                child = any;
            }
            if (child == null) {
                return null;
            }
            node = (Map<String, Object>) child;
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> resolve(Map<String, Object> schema, Map<String, Object> node) {
        if (node.get("$ref") instanceof String ref) {
            return (Map<String, Object>) ((Map<String, Object>) schema.get("definitions")).get(ref.substring(ref.lastIndexOf('/') + 1));
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    private static void leaves(List<String> prefix, Map<String, Object> node, Consumer<List<String>> into) {
        node.forEach((key, value) -> {
            List<String> path = new ArrayList<>(prefix);
            path.add(key);
            if (value instanceof Map<?, ?> map && !map.isEmpty()) {
                leaves(path, (Map<String, Object>) map, into);
            } else {
                into.accept(path);
            }
        });
    }
}
