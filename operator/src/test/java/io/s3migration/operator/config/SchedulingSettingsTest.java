package io.s3migration.operator.config;

import io.fabric8.kubernetes.api.model.Toleration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SchedulingSettingsTest {

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
            "dedicated=migration:NoSchedule, dedicated, Equal,  migration, NoSchedule",
            "dedicated:NoExecute,            dedicated, Exists, -,         NoExecute",
            "pool=s3,                        pool,      Equal,  s3,        -",
            "gpu,                            gpu,       Exists, -,         -",
    })
    void parsesKubectlTaintSyntax(String spec, String key, String operator, String value, String effect) {
        Toleration t = SchedulingSettings.toleration(spec);
        assertEquals(List.of(key, operator), List.of(t.getKey(), t.getOperator()));
        assertEquals(value, t.getValue());
        assertEquals(effect, t.getEffect());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dedicated=x:Sometimes", "=x:NoSchedule", ":NoSchedule"})
    void rejectsBadTolerations(String spec) {
        assertThrows(IllegalArgumentException.class, () -> SchedulingSettings.toleration(spec));
    }

    @Test
    void nodeSelectorFromKeyValuePairs() {
        assertEquals(Map.of("pool", "migration", "kubernetes.io/os", "linux"),
                SchedulingSettings.nodeSelector(List.of("pool=migration", " kubernetes.io/os = linux")));
        assertThrows(IllegalArgumentException.class, () -> SchedulingSettings.nodeSelector(List.of("pool")));
    }
}
