package io.s3migration.operator.mockapi;

import io.s3migration.operator.observe.InformersLiveness;
import io.s3migration.operator.observe.MigrationMetrics;
import io.s3migration.operator.observe.OperatorReadiness;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkiverse.operatorsdk.runtime.OperatorHealthCheck;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.s3migration.operator.api.MigrationJobStatus;
import io.s3migration.operator.api.ProgressStatus;
import io.s3migration.protocol.Progress;
import io.s3migration.operator.api.MigrationJob;
import io.s3migration.operator.api.Phase;
import io.s3migration.operator.chart.ObservabilityQueries;
import io.s3migration.operator.reconcile.Fixtures;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The probes a Deployment uses and the metrics Prometheus scrapes, over HTTP as the cluster sees them. */
@QuarkusTest
@WithKubernetesTestServer
class HealthAndMetricsTest {

    @Inject
    KubernetesClient client;

    @Inject
    MigrationMetrics metrics;

    @KubernetesTestServer
    KubernetesServer server;

    @Test
    void livenessReflectsTheInformersAndReadinessTheOperator() {
        given().when().get("/q/health/live").then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItem(InformersLiveness.NAME))
                .body("checks.find { it.name == '" + InformersLiveness.NAME + "' }.data.grace", is("PT1M30S"));
        // Readiness is ours, with the same grace: the SDK's own check (DOWN at every watch reconnect) is switched off.
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItem(OperatorReadiness.NAME))
                .body("checks.name", not(hasItem(OperatorHealthCheck.HEALTH_CHECK_NAME)));
    }

    @Test
    void metricsCountMigrationsByPhaseAndShowEachMigration() {
        String ns = "metrics";
        createWithSecrets(ns, "gauge");
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            MigrationJob mj = client.resources(MigrationJob.class).inNamespace(ns).withName("gauge").get();
            return mj.getStatus() != null && mj.getStatus().phase() == Phase.Preflight;
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> gauge(metrics(), "Preflight") >= 1);
        String exposition = metrics();
        assertTrue(exposition.contains(MigrationMetrics.BYTES + "_total"), MigrationMetrics.BYTES);
        assertTrue(exposition.contains(MigrationMetrics.OBJECTS + "_total"), MigrationMetrics.OBJECTS);
        assertTrue(exposition.contains(MigrationMetrics.ERRORS + "_total"), MigrationMetrics.ERRORS);
        // The MigrationJob's own series, labelled with its namespace and name.
        Map<String, String> gauge = Map.of("namespace", ns, "name", "gauge");
        assertEquals(List.of(1.0), values(exposition, MigrationMetrics.INFO, with(gauge, "phase", "Preflight")));
        assertEquals(1, values(exposition, MigrationMetrics.INFO, gauge).size(), "one info series per MigrationJob");
        assertEquals(List.of(0.0), values(exposition, MigrationMetrics.COPIED_BYTES, gauge));
        assertEquals(List.of(0.0), values(exposition, MigrationMetrics.PASSES + "_total", with(gauge, "result", "Failed")));

        // Deleted: its series go at the next reconcile (of any MigrationJob; the reconciler has no cleanup step of its own).
        client.resources(MigrationJob.class).inNamespace(ns).withName("gauge").delete();
        createWithSecrets(ns, "next");
        await().atMost(Duration.ofSeconds(20)).until(() -> values(metrics(), MigrationMetrics.INFO, gauge).isEmpty());
        assertTrue(values(metrics(), MigrationMetrics.COPIED_BYTES, gauge).isEmpty(), "all its series go");
    }

    /**
     * The chart's alerts and dashboard query only series this operator really exposes (names and phase labels). The
     * per-MigrationJob series exist only while a MigrationJob does, some only in some phases: one is reconciled as
     * usual (it stays in Preflight, no copier runs here); one's status writes are refused (403), so its reconciles fail and
     * the operator counts them per MigrationJob; and two are cancelled before they start, so they are reconciled no more, and the
     * operator's own MigrationMetrics is handed what a copier would have led to: a copy Running with an ETA, a pass
     * that ended.
     */
    @Test
    void theChartsAlertsAndDashboardQueryMetricsThisOperatorExports() {
        String ns = "queries";
        createWithSecrets(ns, "listed");
        server.expect().patch().withPath("/apis/s3migration.io/v1alpha1/namespaces/" + ns + "/migrationjobs/broken/status")
                // 403, not a 5xx: the Kubernetes client retries a 5xx for ~19 s (10 backoffs) before the reconcile sees it fail
                .andReturn(403, new StatusBuilder().withStatus("Failure").withCode(403).withReason("Forbidden")
                        .withMessage("injected by the test").build())
                .always();
        client.resource(Fixtures.migration("broken", ns)).create();
        for (String name : List.of("copying", "ended")) {
            MigrationJob mj = Fixtures.migration(name, ns);
            mj.setSpec(mj.getSpec().withCancel(true));
            client.resource(mj).create();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> List.of("copying", "ended").stream().allMatch(name -> {
            MigrationJob mj = client.resources(MigrationJob.class).inNamespace(ns).withName(name).get();
            return mj.getStatus() != null && mj.getStatus().phase() == Phase.Cancelled;
        }));
        List<String> queries = ObservabilityQueries.all(ObservabilityQueries.renderAll());
        assertTrue(queries.size() > 5, "the chart ships queries: " + queries);
        Set<String> read = new TreeSet<>();
        queries.forEach(q -> read.addAll(ObservabilityQueries.metricNames(q)));

        Instant start = Instant.now().minus(Duration.ofHours(2));
        ProgressStatus progress = ProgressStatus.of(new Progress(true, 100, 40, 0, 0, 10_000, 4_000, 100, "k"));
        MigrationJobStatus running = MigrationJobStatus.EMPTY.toBuilder().phase(Phase.Running).attempt(1)
                .startTime(start.toString()).progress(progress).build();
        MigrationJobStatus succeeded = running.toBuilder().phase(Phase.Succeeded).progress(progress.finished())
                .completionTime(Instant.now().toString()).build();
        String[] exposition = new String[1];
        Map<String, String> broken = Map.of("namespace", ns, "name", "broken");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            // again each time: a reconcile of theirs in between would put back what the mock API really holds
            metrics.observed(new ResourceID("copying", ns), MigrationJobStatus.EMPTY, running);
            metrics.observed(new ResourceID("ended", ns), running, succeeded);
            exposition[0] = metrics();
            Set<String> missing = new TreeSet<>(read);
            missing.removeAll(exported(exposition[0]));
            assertTrue(missing.isEmpty(), "not exported (yet): " + missing);
            // and the broken one's failed reconcile counted (its first status write may not have been tried yet)
            assertTrue(values(exposition[0], MigrationMetrics.RECONCILE_ERRORS + "_total", broken).stream().anyMatch(v -> v >= 1),
                    "no failed reconcile counted for broken yet: " + values(exposition[0], MigrationMetrics.RECONCILE_ERRORS + "_total", broken));
        });
        Set<String> exported = exported(exposition[0]);
        for (String query : queries) {
            Set<String> names = ObservabilityQueries.metricNames(query);
            assertTrue(!names.isEmpty() && exported.containsAll(names), "the operator does not expose every metric of " + query
                    + "; it exposes " + exported.stream().filter(n -> n.startsWith("s3migration_") || n.startsWith("operator_sdk_")).toList());
            for (String phase : ObservabilityQueries.phases(query)) {
                assertTrue(exposition[0].contains(MigrationMetrics.BY_PHASE + "{") && gauge(exposition[0], phase) >= 0,
                        "no " + MigrationMetrics.BY_PHASE + " series with phase=\"" + phase + "\" for " + query);
            }
        }
        // The labels the alerts group by: the MigrationJob's namespace and name; the others' reconciles did not fail.
        assertEquals(List.of(0.0), values(exposition[0], MigrationMetrics.RECONCILE_ERRORS + "_total", Map.of("namespace", ns, "name", "listed")));
        assertFalse(values(exposition[0], MigrationMetrics.ETA, Map.of("namespace", ns, "name", "copying")).isEmpty());
        assertFalse(values(exposition[0], MigrationMetrics.PASS_DURATION + "_seconds_count",
                Map.of("namespace", ns, "name", "ended", "result", "Succeeded")).isEmpty());
    }

    private void createWithSecrets(String ns, String name) {
        client.secrets().resource(Fixtures.sourceSecret(name, ns)).create();
        client.secrets().resource(Fixtures.destinationSecret(name, ns)).create();
        client.resource(Fixtures.migration(name, ns)).create();
    }

    private static Set<String> exported(String exposition) {
        Set<String> exported = new TreeSet<>();
        Matcher name = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", Pattern.MULTILINE).matcher(exposition);
        while (name.find()) {
            exported.add(name.group(1));
        }
        return exported;
    }

    /** The values of the series of {@code metric} that carry all of {@code labels}. */
    private static List<Double> values(String exposition, String metric, Map<String, String> labels) {
        List<Double> values = new ArrayList<>();
        Matcher line = Pattern.compile("^" + Pattern.quote(metric) + "\\{([^}]*)} (\\S+)$", Pattern.MULTILINE).matcher(exposition);
        while (line.find()) {
            String series = line.group(1);
            if (labels.entrySet().stream().allMatch(l -> series.contains(l.getKey() + "=\"" + l.getValue() + "\""))) {
                values.add(Double.parseDouble(line.group(2)));
            }
        }
        return values;
    }

    private static Map<String, String> with(Map<String, String> labels, String key, String value) {
        Map<String, String> more = new java.util.HashMap<>(labels);
        more.put(key, value);
        return more;
    }

    private static String metrics() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static double gauge(String text, String phase) {
        Matcher m = Pattern.compile("^" + MigrationMetrics.BY_PHASE + "\\{[^}]*phase=\"" + phase + "\"[^}]*} (\\S+)$", Pattern.MULTILINE)
                .matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }
}
