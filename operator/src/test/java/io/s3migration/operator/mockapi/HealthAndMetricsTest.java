package io.s3migration.operator.mockapi;

import io.s3migration.operator.observe.InformersLiveness;
import io.s3migration.operator.observe.MigrationMetrics;
import io.s3migration.operator.observe.OperatorReadiness;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkiverse.operatorsdk.runtime.OperatorHealthCheck;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.s3migration.operator.api.MigrationJob;
import io.s3migration.operator.api.Phase;
import io.s3migration.operator.chart.ObservabilityQueries;
import io.s3migration.operator.reconcile.Fixtures;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import io.s3migration.operator.chart.ObservabilityQueries;

import java.time.Duration;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The probes a Deployment uses and the metrics Prometheus scrapes, over HTTP as the cluster sees them. */
@QuarkusTest
@WithKubernetesTestServer
class HealthAndMetricsTest {

    @Inject
    KubernetesClient client;

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
    void metricsCountMigrationsByPhase() {
        String ns = "metrics";
        client.secrets().resource(Fixtures.sourceSecret("gauge", ns)).create();
        client.secrets().resource(Fixtures.destinationSecret("gauge", ns)).create();
        client.resource(Fixtures.migration("gauge", ns)).create();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            MigrationJob mj = client.resources(MigrationJob.class).inNamespace(ns).withName("gauge").get();
            return mj.getStatus() != null && mj.getStatus().phase() == Phase.Preflight;
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> gauge(metrics(), "Preflight") >= 1);
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString(MigrationMetrics.BYTES + "_total"))
                .body(containsString(MigrationMetrics.OBJECTS + "_total"))
                .body(containsString(MigrationMetrics.ERRORS + "_total"));
    }

    /** The chart's alerts and dashboard query only series this operator really exposes (names and phase labels). */
    @Test
    void theChartsAlertsAndDashboardQueryMetricsThisOperatorExports() {
        String exposition = metrics();
        Set<String> exported = new TreeSet<>();
        Matcher name = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", Pattern.MULTILINE).matcher(exposition);
        while (name.find()) {
            exported.add(name.group(1));
        }
        List<String> queries = ObservabilityQueries.all(ObservabilityQueries.renderAll());
        assertTrue(queries.size() > 5, "the chart ships queries: " + queries);
        for (String query : queries) {
            Set<String> read = ObservabilityQueries.metricNames(query);
            assertTrue(!read.isEmpty() && exported.containsAll(read), "the operator does not expose every metric of " + query
                    + "; it exposes " + exported.stream().filter(n -> n.startsWith("s3migration_")).toList());
            for (String phase : ObservabilityQueries.phases(query)) {
                assertTrue(exposition.contains(MigrationMetrics.BY_PHASE + "{") && gauge(exposition, phase) >= 0,
                        "no " + MigrationMetrics.BY_PHASE + " series with phase=\"" + phase + "\" for " + query);
            }
        }
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
