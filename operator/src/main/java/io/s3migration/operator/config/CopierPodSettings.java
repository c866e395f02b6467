package io.s3migration.operator.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.LocalObjectReference;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses the copy pod's extra metadata: the chart passes {@code copier.podLabels} and {@code copier.podAnnotations}
 * as JSON objects (any key, dots and slashes included, which no {@code key=value} list or env var name carries
 * safely) and the pull secrets as names.
 */
public final class CopierPodSettings {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> STRING_MAP = new TypeReference<>() { };

    private CopierPodSettings() {
    }

    /** {@code {"team":"a","sidecar.istio.io/inject":"false"}} → that map; absent or blank → empty. */
    public static Map<String, String> stringMap(String setting, Optional<String> json) {
        if (json.isEmpty() || json.get().isBlank()) {
            return Map.of();
        }
        try {
            Map<String, String> parsed = JSON.readValue(json.get(), STRING_MAP);
            return parsed == null ? Map.of() : parsed;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(setting + " must be a JSON object of strings, like {\"team\":\"a\"}, got '"
                    + json.get() + "'", e);
        }
    }

    public static List<LocalObjectReference> pullSecrets(Optional<List<String>> names) {
        return names.orElse(List.of()).stream().filter(n -> !n.isBlank()).map(LocalObjectReference::new).toList();
    }
}
