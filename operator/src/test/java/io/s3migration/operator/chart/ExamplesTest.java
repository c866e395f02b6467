package io.s3migration.operator.chart;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FieldValidateable;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.s3migration.operator.apiserver.MigrationJobCrd;
import io.s3migration.operator.apiserver.RealApiServer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every manifest in examples/: MigrationJobs valid against the committed CRD's schema (and, where the real
 * API server tier runs, accepted by a kube-apiserver with strict field validation, CEL rules included), every
 * referenced Secret in the same file with the keys the reference names, and only obviously fake credentials.
 */
class ExamplesTest {
    private static final KubernetesSerialization YAML = new KubernetesSerialization();
    private static final Pattern AWS_ACCESS_KEY = Pattern.compile("(AKIA|ASIA)[0-9A-Z]{16}");

    @TestFactory
    Stream<DynamicTest> everyMigrationJobMatchesTheCrdSchema() {
        Map<String, Object> schema = crdSchema();
        return Stream.concat(examples(), Stream.of(Repository.EXAMPLES.resolve("demo/migration.yaml"))).flatMap(file -> documents(file).stream()
                .filter(doc -> "MigrationJob".equals(doc.get("kind")))
                .map(mj -> DynamicTest.dynamicTest(file.getFileName() + " " + name(mj), () ->
                        assertEquals(List.of(), StructuralSchema.violations(schema, mj), file + ": schema violations"))));
    }

    @TestFactory
    Stream<DynamicTest> everyReferencedSecretIsInTheSameFileWithTheNamedKeys() {
        return examples().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            List<Map<String, Object>> docs = documents(file);
            List<Map<String, Object>> jobs = docs.stream().filter(d -> "MigrationJob".equals(d.get("kind"))).toList();
            assertFalse(jobs.isEmpty(), file + " has no MigrationJob");
            for (Map<String, Object> mj : jobs) {
                for (String side : List.of("source", "destination")) {
                    Map<String, Object> ref = SchemaPath.at(mj, "spec." + side + ".credentialsSecretRef");
                    Map<String, Object> secret = docs.stream()
                            .filter(d -> "Secret".equals(d.get("kind")) && ref.get("name").equals(name(d)))
                            .findFirst().orElseThrow(() -> new AssertionError(file + ": no Secret " + ref.get("name")));
                    Map<String, Object> data = SchemaPath.at(secret, "stringData");
                    for (String key : List.of((String) ref.getOrDefault("accessKeyIdKey", "accessKeyId"),
                            (String) ref.getOrDefault("secretAccessKeyKey", "secretAccessKey"))) {
                        assertTrue(data.containsKey(key), file + ": Secret " + ref.get("name") + " lacks key " + key);
                        assertTrue(data.get(key).toString().startsWith("REPLACE-WITH-"),
                                file + ": Secret values must be obvious placeholders (REPLACE-WITH-...)");
                    }
                    assertEquals(namespace(mj), namespace(secret), file + ": Secret in another namespace");
                }
            }
        }));
    }

    @Test
    void noExampleContainsAnythingShapedLikeARealAccessKey() throws IOException {
        try (Stream<Path> files = Files.walk(Repository.EXAMPLES)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertFalse(AWS_ACCESS_KEY.matcher(Files.readString(file)).find(), file + " holds an AWS-shaped access key");
            }
        }
    }

    /** The validator itself: each row breaks a valid MigrationJob in one way and must be caught. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            missing source bucket      | spec.source.bucket=<remove>          | spec.source.bucket: required
            unknown field (typo)       | spec.source.bukket=photos            | spec.source.bukket: unknown field
            concurrency below minimum  | spec.options.concurrency=0           | spec.options.concurrency: 0 is below minimum 1
            concurrency above maximum  | spec.options.concurrency=5000        | spec.options.concurrency: 5000 is above maximum 1024
            concurrency as a string    | spec.options.concurrency='16'        | spec.options.concurrency: must be an integer
            pathStyle as a string      | spec.source.pathStyle='yes'          | spec.source.pathStyle: must be a boolean
            status phase not in enum   | status.phase=Exploded                | status.phase: 'Exploded' is not one of
            unknown top-level field    | specs.source=x                       | specs: unknown field
            destination missing        | spec.destination=<remove>            | spec.destination: required
            """)
    void theValidatorRejects(String what, String change, String expectedProblem) {
        Map<String, Object> mj = documents(Repository.EXAMPLES.resolve("aws-to-platform.yaml")).stream()
                .filter(d -> "MigrationJob".equals(d.get("kind"))).findFirst().orElseThrow();
        applyChange(mj, change);
        List<String> problems = StructuralSchema.violations(crdSchema(), mj);
        assertTrue(problems.stream().anyMatch(p -> p.startsWith(expectedProblem)), what + ": got " + problems);
    }

    @Test
    void theRealApiServerAcceptsEveryExampleWithStrictFieldValidation() {
        RealApiServer server = RealApiServer.shared();
        try (KubernetesClient admin = server.adminClient()) {
            MigrationJobCrd.apply(admin);
            examples().flatMap(file -> documents(file).stream()).map(ExamplesTest::namespace).distinct()
                    .filter(ns -> admin.namespaces().withName(ns).get() == null)
                    .forEach(ns -> admin.resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create());
            examples().forEach(file -> {
                for (Map<String, Object> doc : documents(file)) {
                    GenericKubernetesResource resource = YAML.convertValue(doc, GenericKubernetesResource.class);
                    // Server-side dry run: schema, CEL rules and admission run, nothing is stored.
                    admin.resource(resource).dryRun().fieldValidation(FieldValidateable.Validation.STRICT).create();
                }
            });
        }
    }

    static Stream<Path> examples() {
        try (Stream<Path> files = Files.list(Repository.EXAMPLES)) {
            List<Path> yaml = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
            assertFalse(yaml.isEmpty(), "no examples/*.yaml");
            return yaml.stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> documents(Path file) {
        try {
            return Arrays.stream(Files.readString(file).split("(?m)^---\\s*$"))
                    .filter(doc -> doc.lines().anyMatch(line -> line.startsWith("kind:")))
                    .map(doc -> (Map<String, Object>) YAML.unmarshal(doc, Map.class))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> crdSchema() {
        Map<String, Object> crd;
        try {
            crd = YAML.unmarshal(Files.readString(Repository.CRD), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return SchemaPath.at(crd, "spec.versions.0.schema.openAPIV3Schema");
    }

    /** {@code a.b=value} sets (the value parsed as YAML; missing parents created), {@code a.b=<remove>} removes. */
    @SuppressWarnings("unchecked")
    private static void applyChange(Map<String, Object> doc, String change) {
        String[] pathAndValue = change.split("=", 2);
        String[] path = pathAndValue[0].split("\\.");
        Map<String, Object> parent = doc;
        for (int i = 0; i < path.length - 1; i++) {
            parent = (Map<String, Object>) parent.computeIfAbsent(path[i], k -> new java.util.LinkedHashMap<String, Object>());
        }
        String key = path[path.length - 1];
        if ("<remove>".equals(pathAndValue[1])) {
            parent.remove(key);
        } else {
            parent.put(key, YAML.unmarshal("v: " + pathAndValue[1], Map.class).get("v"));
        }
    }

    private static String name(Map<String, Object> doc) {
        return SchemaPath.at(doc, "metadata.name");
    }

    private static String namespace(Map<String, Object> doc) {
        return SchemaPath.at(doc, "metadata.namespace");
    }
}
