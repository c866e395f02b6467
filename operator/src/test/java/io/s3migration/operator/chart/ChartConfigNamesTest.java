package io.s3migration.operator.chart;

import io.s3migration.operator.config.OperatorConfig;
import io.smallrye.config.WithName;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static io.s3migration.operator.chart.RenderedChart.values;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The chart's S3MIGRATION_* env vars and the operator's {@link OperatorConfig} mapping name the same settings:
 * a renamed property (or a chart typo) would otherwise be ignored silently by Quarkus.
 */
class ChartConfigNamesTest {

    @Test
    void everyOperatorSettingIsSetByTheChartAndNothingElse() {
        // Every list/map value filled, so every optional variable is rendered.
        RenderedChart chart = RenderedChart.render(values(
                "copier.imagePullSecrets", List.of("regcred"),
                "copier.podLabels", Map.of("team", "a"),
                "copier.podAnnotations", Map.of("sidecar.istio.io/inject", "false"),
                "copier.priorityClassName", "batch-low",
                "copier.caBundle", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
                "migrationNodes.nodeSelector", Map.of("pool", "migration"),
                "migrationNodes.affinity", Map.of("podAntiAffinity", Map.of()),
                "platform.storage.endpoint", "https://storage.example",
                "endpoints.allowlist", List.of("storage.example"),
                "endpoints.allowHttpHosts", List.of("storage.example"),
                "endpoints.blockedCidrs", List.of("10.96.0.0/12"),
                "destinations.allowed", List.of("storage.example"),
                "egress.allowedCidrs", List.of("10.0.0.0/8"),
                "egress.dnsCidrs", List.of("169.254.20.10/32"),
                "limits.bandwidthLimit.default", "50Mi", "limits.bandwidthLimit.max", "100Mi",
                "limits.concurrency.default", 8, "limits.concurrency.max", 32));
        Set<String> rendered = chart.operatorEnv().keySet().stream()
                .filter(name -> name.startsWith("S3MIGRATION_"))
                .collect(Collectors.toCollection(TreeSet::new));

        Set<String> mapped = new TreeSet<>();
        collectEnvNames(OperatorConfig.class, "s3migration", mapped);

        Set<String> notSettable = new TreeSet<>(mapped);
        notSettable.removeAll(rendered);
        Set<String> unknown = new TreeSet<>(rendered);
        unknown.removeAll(mapped);
        assertEquals(Set.of(), notSettable, "OperatorConfig properties the chart cannot set");
        assertEquals(Set.of(), unknown, "chart env vars that match no OperatorConfig property (Quarkus ignores them)");
    }

    /** SmallRye's env-var form of each leaf property of a config mapping: s3migration.job.backoff-limit → S3MIGRATION_JOB_BACKOFF_LIMIT. */
    static void collectEnvNames(Class<?> mapping, String prefix, Set<String> into) {
        for (Method method : mapping.getMethods()) {
            if (Modifier.isStatic(method.getModifiers()) || method.isDefault() || method.getParameterCount() > 0) {
                continue;
            }
            WithName withName = method.getAnnotation(WithName.class);
            String property = prefix + "." + (withName != null ? withName.value() : kebab(method.getName()));
            Class<?> type = method.getReturnType();
            if (type.isInterface() && type.getName().startsWith("io.s3migration.")) {
                collectEnvNames(type, property, into);
            } else {
                into.add(property.toUpperCase().replaceAll("[^A-Z0-9]", "_"));
            }
        }
    }

    private static String kebab(String camel) {
        return Arrays.stream(camel.split("(?=[A-Z])")).map(String::toLowerCase).collect(Collectors.joining("-"));
    }
}
