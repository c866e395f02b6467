package io.s3migration.operator.chart;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Runs examples/argocd/health.lua through a JVM Lua engine (LuaJ) over the rows of its health_test.yaml, the
 * format Argo CD's own resource_customizations tests use, as Argo CD would: the resource as the global {@code obj}.
 */
class ArgoCdHealthTest {
    private static final Path DIR = Repository.EXAMPLES.resolve("argocd");
    private static final KubernetesSerialization YAML = new KubernetesSerialization();

    @TestFactory
    List<DynamicTest> everyRowOfTheTableTest() throws IOException {
        Map<String, Object> table = read(DIR.resolve("health_test.yaml"));
        List<Map<String, Object>> rows = cast(table.get("tests"));
        assertFalse(rows.isEmpty(), "health_test.yaml has no rows");
        return rows.stream().map(row -> {
            Map<String, Object> expected = cast(row.get("healthStatus"));
            String input = (String) row.get("inputPath");
            return DynamicTest.dynamicTest(input + " -> " + expected.get("status"), () -> {
                LuaValue health = evaluate(read(DIR.resolve(input)));
                assertEquals(expected.get("status"), health.get("status").tojstring(), input + ": status");
                assertEquals(expected.get("message"), health.get("message").tojstring(), input + ": message");
            });
        }).toList();
    }

    @Test
    void everyPhaseOfTheCrdHasAnAnswerOtherThanUnknown() throws IOException {
        // The phases the operator writes (status.phase enum of the committed CRD, when it has one) must all be mapped.
        Map<String, Object> crd = read(Repository.CRD);
        Map<String, Object> phase = SchemaPath.at(crd, "spec.versions.0.schema.openAPIV3Schema.properties.status.properties.phase");
        List<Object> phases = cast(phase.getOrDefault("enum", List.of()));
        for (Object value : phases) {
            Map<String, Object> mj = read(DIR.resolve("testdata/running.yaml"));
            Map<String, Object> status = cast(mj.get("status"));
            status.put("phase", value);
            String verdict = evaluate(mj).get("status").tojstring();
            assertFalse(verdict.equals("Unknown"), "phase " + value + " is not mapped by health.lua");
        }
    }

    static LuaValue evaluate(Map<String, Object> resource) throws IOException {
        Globals globals = JsePlatform.standardGlobals();
        globals.set("obj", toLua(resource));
        return globals.load(Files.readString(DIR.resolve("health.lua")), "health.lua").call();
    }

    static LuaValue toLua(Object value) {
        if (value == null) {
            return LuaValue.NIL;
        }
        if (value instanceof Map<?, ?> map) {
            LuaTable table = new LuaTable();
            map.forEach((k, v) -> table.set(k.toString(), toLua(v)));
            return table;
        }
        if (value instanceof List<?> list) {
            LuaTable table = new LuaTable();
            for (int i = 0; i < list.size(); i++) {
                table.set(i + 1, toLua(list.get(i)));
            }
            return table;
        }
        if (value instanceof Boolean b) {
            return LuaValue.valueOf(b);
        }
        if (value instanceof Number n) {
            return LuaValue.valueOf(n.doubleValue());
        }
        return LuaValue.valueOf(value.toString());
    }

    static Map<String, Object> read(Path file) throws IOException {
        return cast(YAML.unmarshal(Files.readString(file), Map.class));
    }

    @SuppressWarnings("unchecked")
    static <T> T cast(Object value) {
        return (T) value;
    }
}
