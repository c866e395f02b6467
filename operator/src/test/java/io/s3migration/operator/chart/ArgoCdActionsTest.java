package io.s3migration.operator.chart;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.jse.JsePlatform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import static io.s3migration.operator.chart.ArgoCdHealthTest.cast;
import static io.s3migration.operator.chart.ArgoCdHealthTest.read;
import static io.s3migration.operator.chart.ArgoCdHealthTest.toLua;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs examples/argocd/actions (discovery.lua, pause|resume|cancel/action.lua) through a JVM Lua engine (LuaJ) over
 * the rows of actions/action_test.yaml, the format of Argo CD's resource_customizations action tests, as Argo CD
 * would: the resource as the global {@code obj}; discovery returns the actions, an action the changed object.
 */
class ArgoCdActionsTest {
    private static final Path DIR = Repository.EXAMPLES.resolve("argocd/actions");
    private static final List<String> ACTIONS = List.of("pause", "resume", "cancel", "trigger");

    @TestFactory
    Stream<DynamicTest> everyDiscoveryRow() throws IOException {
        List<Map<String, Object>> rows = cast(read(DIR.resolve("action_test.yaml")).get("discoveryTests"));
        assertFalse(rows.isEmpty(), "action_test.yaml has no discoveryTests");
        return rows.stream().map(row -> DynamicTest.dynamicTest("discovery " + row.get("inputPath"), () -> {
            List<Map<String, Object>> expected = cast(row.get("result"));
            Map<String, Map<String, Object>> discovered = discover(read(DIR.resolve((String) row.get("inputPath"))));
            assertEquals(expected.stream().map(a -> (String) a.get("name")).collect(java.util.stream.Collectors.toCollection(TreeSet::new)),
                    new TreeSet<>(discovered.keySet()), "the actions offered");
            for (Map<String, Object> action : expected) {
                Map<String, Object> fields = new LinkedHashMap<>(action);
                fields.remove("name");
                assertEquals(fields, discovered.get((String) action.get("name")), row.get("inputPath") + ": " + action.get("name"));
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyActionRow() throws IOException {
        List<Map<String, Object>> rows = cast(read(DIR.resolve("action_test.yaml")).get("actionTests"));
        assertFalse(rows.isEmpty(), "action_test.yaml has no actionTests");
        return rows.stream().map(row -> DynamicTest.dynamicTest(row.get("action") + " " + row.get("inputPath"), () -> {
            Map<String, Object> input = read(DIR.resolve((String) row.get("inputPath")));
            Map<String, Object> expected = read(DIR.resolve((String) row.get("expectedOutputPath")));
            assertEquals(normalize(expected), normalize(run((String) row.get("action"), input)),
                    row.get("action") + " on " + row.get("inputPath"));
        }));
    }

    @Test
    void everyActionIsTestedAndEveryTestedActionExists() throws IOException {
        Map<String, Object> table = read(DIR.resolve("action_test.yaml"));
        List<Map<String, Object>> rows = cast(table.get("actionTests"));
        assertEquals(new TreeSet<>(ACTIONS), rows.stream().map(r -> (String) r.get("action")).collect(java.util.stream.Collectors.toCollection(TreeSet::new)));
        for (String action : ACTIONS) {
            assertTrue(Files.isRegularFile(DIR.resolve(action).resolve("action.lua")), action + "/action.lua");
        }
        assertEquals(new TreeSet<>(ACTIONS), discover(read(DIR.resolve("testdata/running.yaml"))).keySet().stream()
                .collect(java.util.stream.Collectors.toCollection(TreeSet::new)), "discovery names every action directory");
    }

    /**
     * Every action that discovery offers, on every input of the table, yields a MigrationJob the API server accepts:
     * valid against the committed CRD's schema and its CEL rules on these switches (cancel is never undone, never
     * set together with preflightOnly); and every expected output of the table is valid too.
     */
    @Test
    void whatAnOfferedActionWritesTheCrdAccepts() throws IOException {
        Map<String, Object> schema = ExamplesTest.crdSchema();
        List<Map<String, Object>> rows = cast(read(DIR.resolve("action_test.yaml")).get("discoveryTests"));
        List<String> problems = new ArrayList<>();
        int offered = 0;
        for (Map<String, Object> row : rows) {
            Map<String, Object> input = read(DIR.resolve((String) row.get("inputPath")));
            for (var action : discover(input).entrySet()) {
                if (Boolean.TRUE.equals(action.getValue().get("disabled"))) {
                    continue;
                }
                offered++;
                Map<String, Object> output = run(action.getKey(), read(DIR.resolve((String) row.get("inputPath"))));
                String where = action.getKey() + " on " + row.get("inputPath") + ": ";
                StructuralSchema.violations(schema, output).forEach(v -> problems.add(where + v));
                Map<String, Object> before = cast(input.get("spec"));
                Map<String, Object> after = cast(output.get("spec"));
                if (Boolean.TRUE.equals(before.get("cancel")) && !Boolean.TRUE.equals(after.get("cancel"))) {
                    problems.add(where + "un-cancels (CEL: a cancelled MigrationJob cannot be un-cancelled)");
                }
                if (Boolean.TRUE.equals(after.get("cancel")) && Boolean.TRUE.equals(after.get("preflightOnly"))) {
                    problems.add(where + "cancel together with preflightOnly (CEL refuses it)");
                }
            }
        }
        try (Stream<Path> files = Files.list(DIR.resolve("testdata"))) {
            for (Path file : files.toList()) {
                StructuralSchema.violations(schema, read(file)).forEach(v -> problems.add(file.getFileName() + ": " + v));
            }
        }
        assertTrue(offered >= 6, "the table offers actions: " + offered);
        assertEquals(List.of(), problems);
    }

    static Map<String, Map<String, Object>> discover(Map<String, Object> resource) throws IOException {
        LuaValue result = evaluate(DIR.resolve("discovery.lua"), resource);
        Map<String, Map<String, Object>> actions = new LinkedHashMap<>();
        LuaValue key = LuaValue.NIL;
        while (true) {
            Varargs next = result.next(key);
            if ((key = next.arg1()).isnil()) {
                break;
            }
            actions.put(key.tojstring(), cast(fromLua(next.arg(2))));
        }
        return actions;
    }

    static Map<String, Object> run(String action, Map<String, Object> resource) throws IOException {
        return cast(fromLua(evaluate(DIR.resolve(action).resolve("action.lua"), resource)));
    }

    private static LuaValue evaluate(Path script, Map<String, Object> resource) throws IOException {
        Globals globals = JsePlatform.standardGlobals();
        globals.set("obj", toLua(resource));
        return globals.load(Files.readString(script), script.getFileName().toString()).call();
    }

    /** A Lua value back as YAML would hold it: tables with keys 1..n are lists, numbers integral where they are. */
    private static Object fromLua(LuaValue value) {
        if (value.isnil()) {
            return null;
        }
        if (value.isboolean()) {
            return value.toboolean();
        }
        if (value.type() == LuaValue.TNUMBER) {
            double d = value.todouble();
            return d == Math.rint(d) ? (Object) (long) d : (Object) d;
        }
        if (value.istable()) {
            LuaTable table = value.checktable();
            int length = table.length();
            if (length > 0 && table.keyCount() == length) {
                List<Object> list = new ArrayList<>();
                for (int i = 1; i <= length; i++) {
                    list.add(fromLua(table.get(i)));
                }
                return list;
            }
            Map<String, Object> map = new LinkedHashMap<>();
            for (LuaValue k : table.keys()) {
                map.put(k.tojstring(), fromLua(table.get(k)));
            }
            return map;
        }
        return value.tojstring();
    }

    /** YAML's ints and Lua's numbers compare equal: every integral number as a long. */
    private static Object normalize(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k.toString(), normalize(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ArgoCdActionsTest::normalize).toList();
        }
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.longValue();
        }
        return value;
    }
}
