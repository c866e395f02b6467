package io.s3migration.operator.chart;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.s3migration.operator.api.Phase;
import io.s3migration.operator.observe.MigrationMetrics;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.s3migration.operator.chart.RenderedChart.RELEASE;
import static io.s3migration.operator.chart.RenderedChart.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The opt-in PrometheusRule and Grafana dashboard: rendered, their conventions (kube-prometheus-stack's rule and
 * sidecar label selection), and every query naming only metrics of observe/MigrationMetrics (the scrape of a running
 * operator's /q/metrics is in mockapi/HealthAndMetricsTest).
 */
class ChartObservabilityTest {
    /**
     * The exposition names of MigrationMetrics' meters (Micrometer adds _total to counters, _seconds and the histogram
     * suffixes to timers).
     */
    static final Set<String> EXPORTED = Set.of(MigrationMetrics.BY_PHASE, MigrationMetrics.BYTES + "_total",
            MigrationMetrics.OBJECTS + "_total", MigrationMetrics.ERRORS + "_total",
            MigrationMetrics.INFO, MigrationMetrics.COPIED_BYTES, MigrationMetrics.SOURCE_BYTES, MigrationMetrics.COPIED_OBJECTS,
            MigrationMetrics.SKIPPED_OBJECTS, MigrationMetrics.FAILED_OBJECTS, MigrationMetrics.SOURCE_OBJECTS,
            MigrationMetrics.PROGRESS, MigrationMetrics.RATE, MigrationMetrics.ETA, MigrationMetrics.DEADLINE,
            MigrationMetrics.LAST_COMPLETION, MigrationMetrics.PASSES + "_total",
            MigrationMetrics.PASS_DURATION + "_seconds_bucket", MigrationMetrics.PASS_DURATION + "_seconds_count",
            MigrationMetrics.PASS_DURATION + "_seconds_sum", MigrationMetrics.PASS_DURATION + "_seconds_max",
            MigrationMetrics.RECONCILE_ERRORS + "_total");
    /** The job label of this release's operator: the metrics Service's name, which the ServiceMonitor scrapes. */
    static final String JOB = RELEASE + "-s3-migration-operator-metrics";

    @Test
    void alertsAndDashboardAreOptIn() {
        RenderedChart chart = RenderedChart.render(Map.of());
        assertTrue(chart.kind("PrometheusRule").isEmpty(), "a PrometheusRule needs the Prometheus Operator's CRD");
        assertTrue(chart.all(ConfigMap.class).stream().noneMatch(c -> c.getMetadata().getName().endsWith("-dashboard")));
    }

    @Test
    void thePrometheusRuleAlertsPerMigrationJob() {
        RenderedChart chart = RenderedChart.render(values("metrics.prometheusRule.enabled", true,
                "metrics.prometheusRule.labels", Map.of("release", "kube-prometheus-stack"),
                "metrics.prometheusRule.stalledFor", "45m", "metrics.prometheusRule.queuedFor", "2h",
                "metrics.prometheusRule.etaBeyondDeadlineFor", "20m"));
        assertEquals("kube-prometheus-stack", chart.kind("PrometheusRule").get(0).getMetadata().getLabels().get("release"),
                "the label kube-prometheus-stack's ruleSelector matches");
        Map<String, Map<String, Object>> alerts = ObservabilityQueries.alerts(chart);
        assertEquals(List.of("S3MigrationFailed", "S3MigrationNoProgress", "S3MigrationEtaBeyondDeadline", "S3MigrationQueuedTooLong",
                "S3MigrationReconcileErrors"), List.copyOf(alerts.keySet()));
        String failed = expr(alerts, "S3MigrationFailed");
        assertEquals(Set.of("Failed"), ObservabilityQueries.phases(failed));
        assertEquals(Set.of(MigrationMetrics.INFO), ObservabilityQueries.metricNames(failed));
        assertEquals("5m", alerts.get("S3MigrationFailed").get("for"));
        String stalled = expr(alerts, "S3MigrationNoProgress");
        assertEquals(Set.of("Running"), ObservabilityQueries.phases(stalled));
        for (String count : List.of(MigrationMetrics.COPIED_BYTES, MigrationMetrics.COPIED_OBJECTS, MigrationMetrics.SKIPPED_OBJECTS,
                MigrationMetrics.FAILED_OBJECTS)) {
            assertTrue(stalled.contains("changes(" + count + "{job=\"" + JOB + "\"}[5m])"), "copied, skipped or failed is progress: " + stalled);
        }
        assertEquals("45m", alerts.get("S3MigrationNoProgress").get("for"), "Running without a change for stalledFor");
        String eta = expr(alerts, "S3MigrationEtaBeyondDeadline");
        assertEquals(Set.of(MigrationMetrics.ETA, MigrationMetrics.DEADLINE), ObservabilityQueries.metricNames(eta));
        assertTrue(eta.contains("time() + " + MigrationMetrics.ETA), eta);
        assertEquals("20m", alerts.get("S3MigrationEtaBeyondDeadline").get("for"));
        assertEquals(Set.of("Queued"), ObservabilityQueries.phases(expr(alerts, "S3MigrationQueuedTooLong")));
        assertEquals("2h", alerts.get("S3MigrationQueuedTooLong").get("for"));
        String errors = expr(alerts, "S3MigrationReconcileErrors");
        // The operator's own count: the SDK's operator_sdk_reconciliations_failed_total misses failures (MigrationMetrics).
        assertEquals(Set.of(MigrationMetrics.RECONCILE_ERRORS + "_total"), ObservabilityQueries.metricNames(errors));
        for (var alert : alerts.entrySet()) {
            String expr = (String) alert.getValue().get("expr");
            assertTrue(expr.contains("job=\"" + JOB + "\""), alert.getKey() + " reads this release's operator only: " + expr);
            assertFalse(expr.contains("namespace=\""), alert.getKey() + ": namespace is the MigrationJob's, not the operator's: " + expr);
            assertTrue(expr.contains("by (namespace, name)"), alert.getKey() + " fires per MigrationJob: " + expr);
            Map<String, String> labels = cast(alert.getValue().get("labels"));
            assertTrue(Set.of("info", "warning", "critical").contains(labels.get("severity")), alert.getKey() + " severity");
            Map<String, String> annotations = cast(alert.getValue().get("annotations"));
            assertTrue(annotations.keySet().containsAll(Set.of("summary", "description", "runbook_url")), alert.getKey() + ": " + annotations);
            assertTrue(annotations.get("summary").contains("{{ $labels.namespace }}/{{ $labels.name }}"), alert.getKey() + " names its MigrationJob");
        }
    }

    /**
     * The per-MigrationJob series carry the MigrationJob's namespace; the ServiceMonitor keeps it (honorLabels) and the
     * rules tell the operator apart by the job label, which is the Service's name.
     */
    @Test
    void theServiceMonitorKeepsTheMigrationJobsNamespaceLabel() {
        RenderedChart chart = RenderedChart.render(values("metrics.serviceMonitor.enabled", true, "metrics.prometheusRule.enabled", true));
        GenericKubernetesResource monitor = (GenericKubernetesResource) chart.kind("ServiceMonitor").get(0);
        Map<String, Object> spec = cast(monitor.getAdditionalProperties().get("spec"));
        List<Map<String, Object>> endpoints = cast(spec.get("endpoints"));
        assertEquals(true, endpoints.get(0).get("honorLabels"));
        assertEquals(null, spec.get("jobLabel"), "the job label is the Service's name");
        assertEquals(1, chart.all(Service.class).stream().filter(s -> s.getMetadata().getName().equals(JOB)).count(),
                "the Service the rules' job label names");
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
        assertEquals(List.of("datasource", "job", "namespace"), variables.stream().map(v -> v.get("name")).toList(),
                "the operator (job) and the MigrationJobs' namespaces");
        List<String> queries = ObservabilityQueries.dashboardQueries(dashboard);
        assertTrue(queries.size() >= 8, "panels with queries: " + queries.size());
        assertTrue(queries.stream().allMatch(q -> q.contains("job=~\"$job\"")), "every query follows the operator variable");
        for (String query : queries) {
            boolean perMigration = ObservabilityQueries.metricNames(query).stream()
                    .anyMatch(m -> m.startsWith("s3migration_migration_") || m.startsWith("operator_sdk_"));
            assertEquals(perMigration, query.contains("namespace=~\"$namespace\""),
                    "per-MigrationJob queries (only they) follow the namespace variable: " + query);
        }
    }

    /** A table with one row per MigrationJob: phase, progress, rate, ETA. */
    @Test
    void theDashboardTablesTheMigrationJobs() {
        Map<String, Object> dashboard = ObservabilityQueries.dashboard(ObservabilityQueries.renderAll());
        List<Map<String, Object>> panels = cast(dashboard.get("panels"));
        Map<String, Object> table = panels.stream().filter(p -> "table".equals(p.get("type"))).findFirst().orElseThrow();
        List<Map<String, Object>> targets = cast(table.get("targets"));
        List<String> exprs = targets.stream().map(t -> (String) t.get("expr")).toList();
        for (String metric : List.of(MigrationMetrics.INFO, MigrationMetrics.PROGRESS, MigrationMetrics.RATE, MigrationMetrics.ETA)) {
            assertTrue(exprs.stream().anyMatch(e -> ObservabilityQueries.metricNames(e).contains(metric)), metric + " in " + exprs);
        }
        assertTrue(exprs.stream().allMatch(e -> e.contains("by (namespace, name")), "rows by namespace and name: " + exprs);
        assertTrue(targets.stream().allMatch(t -> "table".equals(t.get("format")) && Boolean.TRUE.equals(t.get("instant"))));
        String json = new io.fabric8.kubernetes.client.utils.KubernetesSerialization().asJson(table.get("transformations"));
        assertTrue(json.contains("\"merge\""), "one row per MigrationJob: " + json);
        assertTrue(json.contains("\"Value #B\":\"Progress\"") && json.contains("\"Value #D\":\"ETA\""), json);
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
