package io.s3migration.operator.config;

import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses the scheduling settings (kubectl-style strings, easy to set from Helm values and env vars). */
public final class SchedulingSettings {
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

    /** {@code key=value:Effect} → Equal, {@code key:Effect} → Exists; the effect may be omitted (all effects). */
    public static Toleration toleration(String spec) {
        String keyValue = spec;
        String effect = null;
        int colon = spec.lastIndexOf(':');
        if (colon >= 0) {
            keyValue = spec.substring(0, colon);
            effect = spec.substring(colon + 1).trim();
            if (!List.of("NoSchedule", "PreferNoSchedule", "NoExecute").contains(effect)) {
                throw new IllegalArgumentException("s3migration.scheduling.tolerations effect must be NoSchedule, "
                        + "PreferNoSchedule or NoExecute, got '" + spec + "'");
            }
        }
        int eq = keyValue.indexOf('=');
        TolerationBuilder t = new TolerationBuilder().withEffect(effect);
        if (eq >= 0) {
            t.withKey(keyValue.substring(0, eq).trim()).withOperator("Equal").withValue(keyValue.substring(eq + 1).trim());
        } else {
            t.withKey(keyValue.trim()).withOperator("Exists");
        }
        if (t.getKey() == null || t.getKey().isEmpty()) {
            throw new IllegalArgumentException("s3migration.scheduling.tolerations entry needs a key, got '" + spec + "'");
        }
        return t.build();
    }

    public static List<Toleration> tolerations(List<String> specs) {
        return specs.stream().map(SchedulingSettings::toleration).toList();
    }
}
