package io.s3migration.operator.chart;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.s3migration.operator.chart.RenderedChart.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The operator's log level and format (text, or JSON lines by quarkus-logging-json), set from the chart's {@code logging} values. */
class ChartLoggingTest {

    @Test
    void plainInfoLinesByDefault() {
        Map<String, String> env = RenderedChart.render(Map.of()).operatorEnv();
        assertEquals("INFO", env.get("QUARKUS_LOG_LEVEL"));
        assertEquals("false", env.get("QUARKUS_LOG_CONSOLE_JSON_ENABLED"), "quarkus-logging-json would log JSON by its mere presence");
        assertFalse(env.containsKey("QUARKUS_LOG_CONSOLE_JSON_LOG_FORMAT"));
    }

    @Test
    void jsonAndEcsFormatsAndALevel() {
        Map<String, String> json = RenderedChart.render(values("logging.format", "json", "logging.level", "DEBUG")).operatorEnv();
        assertEquals("DEBUG", json.get("QUARKUS_LOG_LEVEL"));
        assertEquals("true", json.get("QUARKUS_LOG_CONSOLE_JSON_ENABLED"));
        assertFalse(json.containsKey("QUARKUS_LOG_CONSOLE_JSON_LOG_FORMAT"), "json: quarkus-logging-json's own field names");

        Map<String, String> ecs = RenderedChart.render(values("logging.format", "ecs")).operatorEnv();
        assertEquals("true", ecs.get("QUARKUS_LOG_CONSOLE_JSON_ENABLED"));
        assertEquals("ecs", ecs.get("QUARKUS_LOG_CONSOLE_JSON_LOG_FORMAT"));
    }

    /**
     * Quarkus ignores an env var that names no property: every QUARKUS_* variable the chart renders must be one the
     * Quarkus extensions on the operator's classpath document (their META-INF/quarkus-config-doc models), so a renamed
     * property (quarkus.log.console.json → .json.enabled) fails here instead of silently logging the other format.
     */
    @Test
    void everyQuarkusVariableTheChartSetsIsAKnownQuarkusProperty() throws IOException {
        Set<String> known = knownQuarkusEnvVars();
        assertTrue(known.contains("QUARKUS_LOG_LEVEL"), "the config models were found: " + known.size());
        Set<String> rendered = new TreeSet<>();
        for (String format : new String[] {"text", "json", "ecs"}) {
            RenderedChart.render(values("logging.format", format)).operatorEnv().keySet().stream()
                    .filter(name -> name.startsWith("QUARKUS_")).forEach(rendered::add);
        }
        assertTrue(rendered.contains("QUARKUS_LOG_CONSOLE_JSON_LOG_FORMAT"), "ecs was rendered: " + rendered);
        Set<String> unknown = new TreeSet<>(rendered);
        unknown.removeAll(known);
        assertEquals(Set.of(), unknown, "chart env vars that name no Quarkus property");
    }

    private static Set<String> knownQuarkusEnvVars() throws IOException {
        Pattern env = Pattern.compile("\"environmentVariable\"\\s*:\\s*\"(QUARKUS_[A-Z0-9_]+)\"");
        Set<String> names = new TreeSet<>();
        for (URL model : Collections.list(ChartLoggingTest.class.getClassLoader()
                .getResources("META-INF/quarkus-config-doc/quarkus-config-model.json"))) {
            try (InputStream in = model.openStream()) {
                Matcher m = env.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }
}
