package io.s3migration.operator.chart;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chart's alerts as Prometheus evaluates them: the rendered PrometheusRule's groups pass {@code promtool check rules}
 * and the unit tests in src/test/resources/alerts/alerts_test.yaml ({@code promtool test rules}: synthetic series, when
 * each alert fires and when not). Needs the promtool that {@code .ci/build-test-binaries.sh alerts} builds (CI builds
 * it); where it is absent this says so and skips.
 */
class ChartAlertRulesTest {
    private static final KubernetesSerialization YAML = new KubernetesSerialization();
    private static final Path SCRIPT = Repository.ROOT.resolve(".ci/promtool.sh");

    @Test
    void everyAlertHasAPromtoolUnitTest() throws IOException {
        String tests = resource("alerts_test.yaml");
        for (String alert : ObservabilityQueries.alerts(ObservabilityQueries.renderAll()).keySet()) {
            assertTrue(tests.contains("alertname: " + alert), alert + " has no promtool test in alerts/alerts_test.yaml");
        }
    }

    @Test
    void theAlertsFireWhenTheyShouldAndOnlyThen() throws Exception {
        Path dir = Files.createTempDirectory("alerts");
        try {
            Files.writeString(dir.resolve("rules.yaml"), rulesWithoutAnnotations());
            Files.writeString(dir.resolve("alerts_test.yaml"), resource("alerts_test.yaml"));
            String check = promtool(dir, "check", "rules", "rules.yaml");
            assertTrue(check.contains("SUCCESS"), check);
            promtool(dir, "test", "rules", "alerts_test.yaml");
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The PrometheusRule's spec as a Prometheus rule file; annotations left out (the unit tests are about firing). */
    @SuppressWarnings("unchecked")
    private static String rulesWithoutAnnotations() {
        GenericKubernetesResource rule = (GenericKubernetesResource) ObservabilityQueries.renderAll().kind("PrometheusRule").get(0);
        Map<String, Object> spec = (Map<String, Object>) rule.getAdditionalProperties().get("spec");
        for (Map<String, Object> group : (List<Map<String, Object>>) spec.get("groups")) {
            ((List<Map<String, Object>>) group.get("rules")).forEach(r -> r.remove("annotations"));
        }
        return YAML.asYaml(spec);
    }

    private static String promtool(Path dir, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "promtool hangs");
        if (process.exitValue() == 3) {
            String reason = "promtool is not built here: " + output.strip();
            System.out.println("SKIPPED ChartAlertRulesTest.theAlertsFireWhenTheyShouldAndOnlyThen: " + reason);
            Assumptions.abort(reason);
        }
        assertEquals(0, process.exitValue(), () -> "promtool " + String.join(" ", args) + ":\n" + output);
        return output;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ChartAlertRulesTest.class.getResourceAsStream("/alerts/" + name)) {
            if (in == null) {
                throw new IOException("no test resource alerts/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
