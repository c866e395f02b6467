package io.s3migration.operator.chart;

import java.util.List;
import java.util.Map;

/** Walks parsed YAML by a dotted path; numeric segments index lists ({@code spec.versions.0.schema}). */
final class SchemaPath {
    private SchemaPath() {
    }

    @SuppressWarnings("unchecked")
    static <T> T at(Object root, String path) {
        Object node = root;
        for (String segment : path.split("\\.")) {
            if (node instanceof List<?> list && segment.chars().allMatch(Character::isDigit)) {
                node = list.get(Integer.parseInt(segment));
            } else if (node instanceof Map<?, ?> map && map.containsKey(segment)) {
                node = map.get(segment);
            } else {
                throw new IllegalArgumentException("no '" + segment + "' in path " + path);
            }
        }
        return (T) node;
    }
}
