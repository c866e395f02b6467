package io.s3migration.operator.chart;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a document against a CRD's structural OpenAPI v3 schema the way the API server's schema validation
 * does for the parts examples use: types, required fields, enums, patterns, lengths, bounds, and unknown
 * fields (rejected, as {@code kubectl apply --validate=strict} does). CEL rules are the real API server's job.
 */
final class StructuralSchema {
    /** Fields every object carries and a CRD schema leaves out. */
    private static final List<String> OBJECT_ENVELOPE = List.of("apiVersion", "kind", "metadata");

    private StructuralSchema() {
    }

    /** The problems found, each as "path: what is wrong"; empty when the document is valid. */
    static List<String> violations(Map<String, Object> schema, Map<String, Object> document) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> withoutEnvelope = new java.util.LinkedHashMap<>(document);
        OBJECT_ENVELOPE.forEach(withoutEnvelope::remove);
        check(schema, withoutEnvelope, "", problems);
        return problems;
    }

    @SuppressWarnings("unchecked")
    private static void check(Map<String, Object> schema, Object value, String path, List<String> problems) {
        String at = path.isEmpty() ? "<root>" : path;
        if (value == null) {
            if (!Boolean.TRUE.equals(schema.get("nullable"))) {
                problems.add(at + ": null is not allowed");
            }
            return;
        }
        if (schema.get("anyOf") instanceof List<?> branches && !branches.isEmpty()) {
            boolean anyValid = branches.stream().anyMatch(b -> {
                List<String> branchProblems = new ArrayList<>();
                check((Map<String, Object>) b, value, path, branchProblems);
                return branchProblems.isEmpty();
            });
            if (!anyValid) {
                problems.add(at + ": matches none of anyOf " + branches);
            }
        }
        if (Boolean.TRUE.equals(schema.get("x-kubernetes-int-or-string"))) {
            if (!(isInteger(value) || value instanceof String)) {
                problems.add(at + ": must be an integer or a string, got " + describe(value));
            }
            return;
        }
        String type = (String) schema.get("type");
        if (type == null) {
            return;
        }
        switch (type) {
            case "object" -> checkObject(schema, value, path, at, problems);
            case "array" -> {
                if (!(value instanceof List<?> list)) {
                    problems.add(at + ": must be an array, got " + describe(value));
                    return;
                }
                bound(schema, "minItems", "maxItems", list.size(), at + " (items)", problems);
                Map<String, Object> items = (Map<String, Object>) schema.get("items");
                for (int i = 0; items != null && i < list.size(); i++) {
                    check(items, list.get(i), path + "[" + i + "]", problems);
                }
            }
            case "string" -> {
                if (!(value instanceof String s)) {
                    problems.add(at + ": must be a string, got " + describe(value));
                    return;
                }
                bound(schema, "minLength", "maxLength", s.length(), at + " (length)", problems);
                if (schema.get("pattern") instanceof String pattern && !Pattern.compile(pattern).matcher(s).find()) {
                    problems.add(at + ": '" + s + "' does not match " + pattern);
                }
                checkEnum(schema, s, at, problems);
            }
            case "integer", "number" -> {
                if (!(value instanceof Number n) || ("integer".equals(type) && !isInteger(value))) {
                    problems.add(at + ": must be " + ("integer".equals(type) ? "an integer" : "a number") + ", got " + describe(value));
                    return;
                }
                bound(schema, "minimum", "maximum", n.doubleValue(), at, problems);
                checkEnum(schema, n, at, problems);
            }
            case "boolean" -> {
                if (!(value instanceof Boolean)) {
                    problems.add(at + ": must be a boolean, got " + describe(value));
                }
            }
            default -> problems.add(at + ": the schema has an unknown type " + type);
        }
    }

    @SuppressWarnings("unchecked")
    private static void checkObject(Map<String, Object> schema, Object value, String path, String at, List<String> problems) {
        if (!(value instanceof Map<?, ?> map)) {
            problems.add(at + ": must be an object, got " + describe(value));
            return;
        }
        Map<String, Object> properties = (Map<String, Object>) schema.getOrDefault("properties", Map.of());
        for (Object required : (List<Object>) schema.getOrDefault("required", List.of())) {
            if (!map.containsKey(required)) {
                problems.add(join(path, required.toString()) + ": required");
            }
        }
        Object additional = schema.get("additionalProperties");
        boolean preserveUnknown = Boolean.TRUE.equals(schema.get("x-kubernetes-preserve-unknown-fields"));
        map.forEach((key, fieldValue) -> {
            String fieldPath = join(path, key.toString());
            if (properties.containsKey(key)) {
                check((Map<String, Object>) properties.get(key), fieldValue, fieldPath, problems);
            } else if (additional instanceof Map<?, ?> additionalSchema) {
                check((Map<String, Object>) additionalSchema, fieldValue, fieldPath, problems);
            } else if (!preserveUnknown) {
                problems.add(fieldPath + ": unknown field (known: " + properties.keySet() + ")");
            }
        });
    }

    private static void checkEnum(Map<String, Object> schema, Object value, String at, List<String> problems) {
        if (schema.get("enum") instanceof List<?> allowed && allowed.stream().noneMatch(a -> sameValue(a, value))) {
            problems.add(at + ": '" + value + "' is not one of " + allowed);
        }
    }

    private static boolean sameValue(Object allowed, Object value) {
        if (allowed instanceof Number a && value instanceof Number v) {
            return a.doubleValue() == v.doubleValue();
        }
        return allowed.equals(value);
    }

    private static void bound(Map<String, Object> schema, String minKey, String maxKey, double actual, String at, List<String> problems) {
        if (schema.get(minKey) instanceof Number min && actual < min.doubleValue()) {
            problems.add(at + ": " + format(actual) + " is below " + minKey + " " + format(min.doubleValue()));
        }
        if (schema.get(maxKey) instanceof Number max && actual > max.doubleValue()) {
            problems.add(at + ": " + format(actual) + " is above " + maxKey + " " + format(max.doubleValue()));
        }
    }

    private static boolean isInteger(Object value) {
        return value instanceof Integer || value instanceof Long || value instanceof java.math.BigInteger
                || (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && !(value instanceof Float));
    }

    private static String describe(Object value) {
        return value.getClass().getSimpleName() + " " + value;
    }

    private static String format(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
