package io.s3migration.operator.chart;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The PromQL the chart ships: the PrometheusRule's alert expressions and the Grafana dashboard's panel queries. */
public final class ObservabilityQueries {
    private static final KubernetesSerialization JSON = new KubernetesSerialization();
    /** The operator's metrics and the Java Operator SDK's own (per-resource reconcile counters). */
    private static final Pattern METRIC = Pattern.compile("\\b(?:s3migration|operator_sdk)_[a-z0-9_]+\\b");
    private static final Pattern PHASE = Pattern.compile("phase=\"([A-Za-z]+)\"");

    private ObservabilityQueries() {
    }

    /** The chart with its PrometheusRule and dashboard switched on. */
    public static RenderedChart renderAll() {
        return RenderedChart.render(RenderedChart.values("metrics.prometheusRule.enabled", true,
                "metrics.grafanaDashboard.enabled", true));
    }

    /** Alert name → expression, from the rendered PrometheusRule. */
    @SuppressWarnings("unchecked")
    public static Map<String, Map<String, Object>> alerts(RenderedChart chart) {
        List<HasMetadata> rules = chart.kind("PrometheusRule");
        if (rules.size() != 1) {
            throw new AssertionError("expected one PrometheusRule, found " + rules.size());
        }
        Map<String, Object> spec = (Map<String, Object>) ((GenericKubernetesResource) rules.get(0)).getAdditionalProperties().get("spec");
        Map<String, Map<String, Object>> alerts = new java.util.LinkedHashMap<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) spec.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                alerts.put((String) rule.get("alert"), rule);
            }
        }
        return alerts;
    }

    public static ConfigMap dashboardConfigMap(RenderedChart chart) {
        List<ConfigMap> maps = chart.all(ConfigMap.class).stream().filter(c -> c.getMetadata().getName().endsWith("-dashboard")).toList();
        if (maps.size() != 1) {
            throw new AssertionError("expected one dashboard ConfigMap, found " + maps.size());
        }
        return maps.get(0);
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> dashboard(RenderedChart chart) {
        ConfigMap map = dashboardConfigMap(chart);
        return JSON.unmarshal(map.getData().values().iterator().next(), Map.class);
    }

    /** Every panel query of the dashboard. */
    @SuppressWarnings("unchecked")
    public static List<String> dashboardQueries(Map<String, Object> dashboard) {
        List<String> queries = new ArrayList<>();
        for (Map<String, Object> panel : (List<Map<String, Object>>) dashboard.get("panels")) {
            for (Map<String, Object> target : (List<Map<String, Object>>) panel.getOrDefault("targets", List.of())) {
                queries.add((String) target.get("expr"));
            }
        }
        return queries;
    }

    /** Every query the chart ships: alert expressions, then dashboard panel queries. */
    public static List<String> all(RenderedChart chart) {
        List<String> queries = new ArrayList<>();
        alerts(chart).values().forEach(rule -> queries.add((String) rule.get("expr")));
        queries.addAll(dashboardQueries(dashboard(chart)));
        return queries;
    }

    /** The operator metric names ({@code s3migration_*}, the SDK's {@code operator_sdk_*}) a query reads. */
    public static Set<String> metricNames(String query) {
        return matches(METRIC, query, 0);
    }

    /** The phase label values a query selects. */
    public static Set<String> phases(String query) {
        return matches(PHASE, query, 1);
    }

    private static Set<String> matches(Pattern pattern, String text, int group) {
        Set<String> found = new TreeSet<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(group));
        }
        return found;
    }
}
