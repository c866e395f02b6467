package io.s3migration.operator.apiserver;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** MigrationJob manifests as plain maps, so tests can send what the Java API classes could never produce. */
final class Manifests {
    static final String API_VERSION = "s3migration.io/v1alpha1";
    static final String KIND = "MigrationJob";

    /** A spec the CRD accepts; every validation case changes one thing in it. */
    static final String VALID_SPEC = """
            source:
              endpoint: https://s3.eu-west-1.amazonaws.com
              region: eu-west-1
              bucket: photos
              prefix: 2025/
              credentialsSecretRef: {name: aws-readonly}
            destination:
              endpoint: https://storage.platform.example
              bucket: photos-copy
              credentialsSecretRef: {name: platform-writer}
            options:
              concurrency: 16
            """;

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Manifests() {
    }

    static GenericKubernetesResource migrationJob(String namespace, String name, String specYamlPatch) {
        Map<String, Object> spec = mergePatch(yaml(VALID_SPEC), specYamlPatch.isBlank() ? Map.of() : yaml(specYamlPatch));
        GenericKubernetesResource mj = new GenericKubernetesResource();
        mj.setApiVersion(API_VERSION);
        mj.setKind(KIND);
        mj.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
                .withName(name).withNamespace(namespace).build());
        mj.setAdditionalProperty("spec", spec);
        return mj;
    }

    /** A fresh namespace per test class: kube-api-test runs no namespace controller, so nothing is ever cleaned up. */
    static String newNamespace(KubernetesClient admin, String prefix) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        admin.resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        return name;
    }

    /** Block-style YAML (a text starting with '{' would be read as JSON). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(String text) {
        return SERIALIZATION.unmarshal(text, Map.class);
    }

    /** RFC 7386 JSON merge patch: maps merge, a null value removes the key, anything else replaces. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> mergePatch(Map<String, Object> target, Map<String, Object> patch) {
        Map<String, Object> result = new LinkedHashMap<>(target);
        patch.forEach((key, value) -> {
            if (value == null) {
                result.remove(key);
            } else if (value instanceof Map<?, ?> patchMap && result.get(key) instanceof Map<?, ?> targetMap) {
                result.put(key, mergePatch((Map<String, Object>) targetMap, (Map<String, Object>) patchMap));
            } else {
                result.put(key, value);
            }
        });
        return result;
    }
}
