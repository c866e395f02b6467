package io.s3migration.operator.resources;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.s3migration.operator.api.Checkpoint;
import io.s3migration.operator.api.MigrationJob;
import io.s3migration.protocol.CheckpointFile;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code <name>-checkpoint}: the newest checkpoint this operator has seen ({@code status.checkpoint}), mounted into
 * the copy pods as {@link CheckpointFile}s. A pod the Job controller starts again after the previous one was lost
 * resumes from it instead of from the checkpoint the Job was created with. Holds object keys and counts only.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED))
public class CheckpointConfigMap extends CRUDKubernetesDependentResource<ConfigMap, MigrationJob> {

    public CheckpointConfigMap() {
        super(ConfigMap.class);
    }

    public static String name(MigrationJob mj) {
        return mj.getMetadata().getName() + "-checkpoint";
    }

    public static ConfigMap build(MigrationJob mj, Checkpoint checkpoint) {
        // Both files always present, empty for "no checkpoint": the server-side-apply matcher takes a desired map that
        // merely lacks keys for a match, so a new pass (checkpoint cleared) would keep the last pass's key and its
        // copy would resume after it, skipping every new key that sorts before (found on the real cluster).
        Map<String, String> data = new LinkedHashMap<>();
        boolean held = checkpoint != null && checkpoint.lastKey() != null;
        data.put(CheckpointFile.LAST_KEY, held ? checkpoint.lastKey() : "");
        data.put(CheckpointFile.COUNTS, held ? checkpoint.counts().map(Object::toString).orElse("") : "");
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name(mj))
                .withNamespace(mj.getMetadata().getNamespace())
                .withLabels(Labels.of(mj))
                .endMetadata()
                .withData(data)
                .build();
    }

    @Override
    protected ConfigMap desired(MigrationJob mj, Context<MigrationJob> context) {
        return build(mj, Plan.from(context).checkpoint());
    }
}
