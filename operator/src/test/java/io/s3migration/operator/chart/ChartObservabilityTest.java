package io.s3migration.operator.chart;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.s3migration.operator.api.Phase;
import io.s3migration.operator.observe.MigrationMetrics;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.s3migration.operator.chart.RenderedChart.NAMESPACE;
import static io.s3migration.operator.chart.RenderedChart.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The opt-in PrometheusRule and Grafana dashboard: rendered, their conventions (kube-prometheus-stack's rule and
 * sidecar label selection), and every query naming only metrics of observe/MigrationMetrics (the scrape of a running
 * operator's /q/metrics is in observe/HealthAndMetricsTest).
 */
class ChartObservabilityTest {
    /** The exposition names of MigrationMetrics' meters (Micrometer adds _total to counters). */
    static final Set<String> EXPORTED = Set.of(MigrationMetrics.BY_PHASE, MigrationMetrics.BYTES + "_total",
            MigrationMetrics.OBJECTS + "_total", MigrationMetrics.ERRORS + "_total");

    @Test
    void alertsAndDashboardAreOptIn() {
        RenderedChart chart = RenderedChart.render(Map.of());
        assertTrue(chart.kind("PrometheusRule").isEmpty(), "a PrometheusRule needs the Prometheus Operator's CRD");
        assertTrue(chart.all(ConfigMap.class).stream().noneMatch(c -> c.getMetadata().getName().endsWith("-dashboard")));
    }

    @Test
    void thePrometheusRuleAlertsOnFailedStalledAndQueuedMigrations() {
        RenderedChart chart = RenderedChart.render(values("metrics.prometheusRule.enabled", true,
                "metrics.prometheusRule.labels", Map.of("release", "kube-prometheus-stack"),
                "metrics.prometheusRule.stalledFor", "45m", "metrics.prometheusRule.queuedFor", "2h"));
        assertEquals("kube-prometheus-stack", chart.kind("PrometheusRule").get(0).getMetadata().getLabels().get("release"),
                "the label kube-prometheus-stack's ruleSelector matches");
        Map<String, Map<String, Object>> alerts = ObservabilityQueries.alerts(chart);
        assertEquals(List.of("S3MigrationFailed", "S3MigrationNoProgress", "S3MigrationQueuedTooLong", "S3MigrationReconcileErrors"),
                List.copyOf(alerts.keySet()));
        String failed = expr(alerts, "S3MigrationFailed");
        assertEquals(Set.of("Failed"), ObservabilityQueries.phases(failed));
        assertEquals("5m", alerts.get("S3MigrationFailed").get("for"));
        String stalled = expr(alerts, "S3MigrationNoProgress");
        assertEquals(Set.of("Running"), ObservabilityQueries.phases(stalled));
        assertTrue(stalled.contains("increase(" + MigrationMetrics.BYTES + "_total{namespace=\"" + NAMESPACE + "\"}[45m])"), stalled);
        assertTrue(stalled.contains("increase(" + MigrationMetrics.OBJECTS + "_total{namespace=\"" + NAMESPACE + "\"}[45m])"), stalled);
        assertEquals(Set.of("Queued"), ObservabilityQueries.phases(expr(alerts, "S3MigrationQueuedTooLong")));
        assertEquals("2h", alerts.get("S3MigrationQueuedTooLong").get("for"));
        for (var alert : alerts.entrySet()) {
            String expr = (String) alert.getValue().get("expr");
            assertTrue(expr.contains("namespace=\"" + NAMESPACE + "\""), alert.getKey() + " reads this release's operator only: " + expr);
            Map<String, String> labels = cast(alert.getValue().get("labels"));
            assertTrue(Set.of("info", "warning", "critical").contains(labels.get("severity")), alert.getKey() + " severity");
            Map<String, String> annotations = cast(alert.getValue().get("annotations"));
            assertTrue(annotations.keySet().containsAll(Set.of("summary", "description", "runbook_url")), alert.getKey() + ": " + annotations);
        }
    }

    @Test
    void theRunbookLinkPointsAtTheReadmeSection() throws Exception {
        Map<String, String> annotations = cast(ObservabilityQueries.alerts(ObservabilityQueries.renderAll()).get("S3MigrationFailed")
                .get("annotations"));
        String url = annotations.get("runbook_url");
        assertTrue(url.endsWith("README.md#alerts-and-dashboard"), url);
        assertTrue(Files.readString(Repository.CHART.resolve("README.md")).contains("\n## Alerts and dashboard\n"));
    }

    @Test
    void theDashboardIsASidecarConfigMapWithADataSourceVariable() {
        RenderedChart chart = RenderedChart.render(values("metrics.grafanaDashboard.enabled", true,
                "metrics.grafanaDashboard.annotations", Map.of("grafana_folder", "Storage"), "metrics.grafanaDashboard.namespace", "monitoring"));
        ConfigMap map = ObservabilityQueries.dashboardConfigMap(chart);
        assertEquals("1", map.getMetadata().getLabels().get("grafana_dashboard"), "kube-prometheus-stack's sidecar label");
        assertEquals("Storage", map.getMetadata().getAnnotations().get("grafana_folder"));
        assertEquals("monitoring", map.getMetadata().getNamespace());
        Map<String, Object> dashboard = ObservabilityQueries.dashboard(chart);
        assertEquals("s3-migration-operator", dashboard.get("uid"));
        Map<String, Object> templating = cast(dashboard.get("templating"));
        List<Map<String, Object>> variables = cast(templating.get("list"));
        assertTrue(variables.stream().anyMatch(v -> "datasource".equals(v.get("type"))), "a data source variable, no hard-coded uid");
        List<String> queries = ObservabilityQueries.dashboardQueries(dashboard);
        assertTrue(queries.size() >= 8, "panels with queries: " + queries.size());
        assertTrue(queries.stream().allMatch(q -> q.contains("namespace=~\"$namespace\"")), "every query follows the namespace variable");
    }

    @Test
    void everyQueryNamesOnlyMetricsAndPhasesTheOperatorExports() {
        Set<String> phases = Arrays.stream(Phase.values()).map(Enum::name).collect(Collectors.toSet());
        for (String query : ObservabilityQueries.all(ObservabilityQueries.renderAll())) {
            Set<String> metrics = ObservabilityQueries.metricNames(query);
            assertFalse(metrics.isEmpty(), "a query of the operator's metrics: " + query);
            assertTrue(EXPORTED.containsAll(metrics), "unknown metric in " + query + "; exported: " + EXPORTED);
            assertTrue(phases.containsAll(ObservabilityQueries.phases(query)), "unknown phase in " + query);
        }
    }

    private static String expr(Map<String, Map<String, Object>> alerts, String name) {
        return (String) alerts.get(name).get("expr");
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }
}
