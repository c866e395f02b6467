package io.s3migration.operator.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Toleration;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parses where the copy pods may run. The chart passes {@code migrationNodes.tolerations} and
 * {@code migrationNodes.affinity} as JSON (a Kubernetes toleration list, an affinity object), read here into
 * Fabric8's model classes: every field Kubernetes has ({@code tolerationSeconds}, node/pod (anti-)affinity) reaches
 * the pod as written, and a misspelt field is refused instead of silently dropped. The node selector stays a list of
 * {@code key=value} pairs: label keys and values can hold neither {@code =} nor {@code ,}.
 */
public final class SchedulingSettings {
    static final String TOLERATIONS = "s3migration.scheduling.tolerations";
    static final String AFFINITY = "s3migration.scheduling.affinity";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Set<String> EFFECTS = Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");

    private SchedulingSettings() {
    }

    /** {@code ["pool=migration", "disk=ssd"]} → a node selector map; a value without '=' is rejected. */
    public static Map<String, String> nodeSelector(List<String> entries) {
        Map<String, String> selector = new LinkedHashMap<>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("s3migration.scheduling.node-selector entry must be key=value, got '" + entry + "'");
            }
            selector.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
        }
        return selector;
    }

    /**
     * A JSON array of Kubernetes tolerations, e.g.
     * {@code [{"key":"s3migration.io/dedicated","operator":"Equal","value":"true","effect":"NoSchedule"}]};
     * absent or blank → none. Refused as the API server would refuse it (an operator other than Equal/Exists, a
     * value with Exists, an unknown effect, tolerationSeconds without NoExecute), and without a key (a copy pod
     * tolerating every taint would run on any tainted node, the control plane's included).
     */
    public static List<Toleration> tolerations(Optional<String> json) {
        if (json.isEmpty() || json.get().isBlank()) {
            return List.of();
        }
        List<Toleration> tolerations;
        try {
            tolerations = JSON.readValue(json.get(), new TypeReference<List<Toleration>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(TOLERATIONS + " must be a JSON array of Kubernetes tolerations, like "
                    + "[{\"key\":\"s3migration.io/dedicated\",\"operator\":\"Equal\",\"value\":\"true\",\"effect\":\"NoSchedule\"}], got '"
                    + json.get() + "': " + e.getOriginalMessage(), e);
        }
        if (tolerations == null) {
            return List.of();
        }
        for (int i = 0; i < tolerations.size(); i++) {
            Toleration t = tolerations.get(i);
            String at = TOLERATIONS + "[" + i + "]";
            if (t == null) {
                throw new IllegalArgumentException(at + " is null");
            }
            rejectUnknownFields(at, t);
            if (t.getKey() == null || t.getKey().isBlank()) {
                throw new IllegalArgumentException(at + " needs a key (a copy pod may not tolerate every taint)");
            }
            String operator = t.getOperator() == null || t.getOperator().isEmpty() ? "Equal" : t.getOperator();
            if (!operator.equals("Equal") && !operator.equals("Exists")) {
                throw new IllegalArgumentException(at + ".operator must be Equal or Exists, got '" + t.getOperator() + "'");
            }
            if (operator.equals("Exists") && t.getValue() != null && !t.getValue().isEmpty()) {
                throw new IllegalArgumentException(at + ".value must be empty with operator Exists, got '" + t.getValue() + "'");
            }
            if (t.getEffect() != null && !t.getEffect().isEmpty() && !EFFECTS.contains(t.getEffect())) {
                throw new IllegalArgumentException(at + ".effect must be NoSchedule, PreferNoSchedule or NoExecute (or empty: "
                        + "every effect), got '" + t.getEffect() + "'");
            }
            if (t.getTolerationSeconds() != null && !"NoExecute".equals(t.getEffect())) {
                throw new IllegalArgumentException(at + ".tolerationSeconds needs effect NoExecute (Kubernetes refuses it "
                        + "with any other), got effect '" + t.getEffect() + "'");
            }
        }
        return List.copyOf(tolerations);
    }

    /** A JSON Kubernetes affinity object ({@code nodeAffinity}, {@code podAffinity}, {@code podAntiAffinity}); absent, blank or {} → none. */
    public static Affinity affinity(Optional<String> json) {
        if (json.isEmpty() || json.get().isBlank()) {
            return null;
        }
        Affinity affinity;
        try {
            affinity = JSON.readValue(json.get(), Affinity.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(AFFINITY + " must be a JSON object of a Kubernetes affinity, like "
                    + "{\"podAntiAffinity\":{...}}, got '" + json.get() + "': " + e.getOriginalMessage(), e);
        }
        if (affinity == null) {
            return null;
        }
        rejectUnknownFields(AFFINITY, affinity);
        boolean empty = affinity.getNodeAffinity() == null && affinity.getPodAffinity() == null && affinity.getPodAntiAffinity() == null;
        return empty ? null : affinity;
    }

    /**
     * Fabric8's model classes keep a field they do not know in {@code additionalProperties} (and send it on, for the
     * API server to drop): a misspelt {@code requiredDuringSchedulingIgnoredDuringExecution} would unpin the copy pods
     * silently. Walks the parsed objects and refuses any such field, naming its path.
     */
    static void rejectUnknownFields(String path, Object model) {
        List<String> unknown = new ArrayList<>();
        collectUnknown(path, model, unknown);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown field" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
                    + " (Kubernetes field names are case-sensitive)");
        }
    }

    private static void collectUnknown(String path, Object model, List<String> into) {
        if (model instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                collectUnknown(path + "[" + i + "]", list.get(i), into);
            }
            return;
        }
        if (model == null || !model.getClass().getName().startsWith("io.fabric8.kubernetes.api.model.")) {
            return;
        }
        for (Method getter : model.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(model);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra) {
                    extra.keySet().forEach(k -> into.add(path + "." + k));
                }
            } else {
                collectUnknown(path + "." + Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4), value, into);
            }
        }
    }
}
