package io.s3migration.operator.resources;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.s3migration.operator.api.MigrationJob;

import java.util.Map;

/** The ConfigMaps a MigrationJob's copy pods mount: in its namespace, with its labels, holding files only. */
final class OwnedConfigMaps {
    private OwnedConfigMaps() {
    }

    static ConfigMap of(MigrationJob mj, String name, Map<String, String> files) {
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(mj.getMetadata().getNamespace())
                .withLabels(Labels.of(mj))
                .endMetadata()
                .withData(files)
                .build();
    }
}
