package io.s3migration.operator.chart;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chart rendered by the Helm that helm-java bundles (`helm template`, offline), parsed into typed objects:
 * tests assert fields of what a cluster would receive, not strings.
 */
public record RenderedChart(String yaml, List<HasMetadata> objects) {
    public static final String RELEASE = "s3m";
    public static final String NAMESPACE = "s3migration-system";
    /** Helm's built-in default (1.20) is older than the chart's kubeVersion floor. */
    static final String KUBE_VERSION = "1.34.0";
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    /** Renders with the chart's defaults overridden by {@code values} (nested maps, as in a values file). */
    public static RenderedChart render(Map<String, Object> values) {
        try {
            Path valuesFile = Files.createTempFile("values", ".yaml");
            try {
                Files.writeString(valuesFile, SERIALIZATION.asYaml(values));
                String yaml = new Helm(Repository.CHART).template()
                        .withName(RELEASE).withNamespace(NAMESPACE).withKubeVersion(KUBE_VERSION)
                        .withValuesFile(valuesFile).call();
                return new RenderedChart(yaml, parse(yaml));
            } finally {
                Files.deleteIfExists(valuesFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<HasMetadata> parse(String multiDocumentYaml) {
        return Arrays.stream(multiDocumentYaml.split("(?m)^---\\s*$"))
                .filter(doc -> doc.lines().anyMatch(line -> line.startsWith("kind:")))
                .map(doc -> (HasMetadata) SERIALIZATION.unmarshal(doc))
                .toList();
    }

    public <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** All objects of a kind, generic ones included (ServiceMonitor has no Fabric8 class here). */
    List<HasMetadata> kind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.getKind())).toList();
    }

    <T extends HasMetadata> T one(Class<T> type, String name) {
        List<T> matches = all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).toList();
        if (matches.size() != 1) {
            throw new AssertionError("expected one " + type.getSimpleName() + " named " + name + ", found "
                    + matches.size() + " among " + objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList());
        }
        return matches.get(0);
    }

    public Deployment deployment() {
        return one(Deployment.class, RELEASE + "-s3-migration-operator");
    }

    /** The operator container's literal env vars (downward-API ones map to null), in order. */
    public Map<String, String> operatorEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar var : deployment().getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
            if (env.put(var.getName(), var.getValue()) != null) {
                throw new AssertionError("env var " + var.getName() + " rendered twice");
            }
        }
        return env;
    }

    /** Builds nested values from dotted paths: {@code values("a.b", 1, "a.c", 2)} = {a: {b: 1, c: 2}}; a null removes a default. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> values(Object... pathsAndValues) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndValues.length; i += 2) {
            String[] path = ((String) pathsAndValues[i]).split("\\.");
            Map<String, Object> node = root;
            for (int p = 0; p < path.length - 1; p++) {
                node = (Map<String, Object>) node.computeIfAbsent(path[p], k -> new LinkedHashMap<String, Object>());
            }
            node.put(path[path.length - 1], pathsAndValues[i + 1]); // null: Helm removes a default key
        }
        return root;
    }
}
