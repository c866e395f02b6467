package io.s3migration.operator.resources;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.s3migration.operator.api.Checkpoint;
import io.s3migration.operator.api.MigrationJob;
import io.s3migration.operator.api.ShardStatus;
import io.s3migration.protocol.CheckpointFile;

import java.util.LinkedHashMap;
import java.util.List;
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
        return build(mj, checkpoint, List.of());
    }

    /** With a parallel migration's shards: one pair of files per index, {@code <index>.lastKey} and {@code <index>.counts}. */
    public static ConfigMap build(MigrationJob mj, Checkpoint checkpoint, List<ShardStatus> shards) {
        Map<String, String> data = new LinkedHashMap<>();
        put(data, "", checkpoint);
        shards.forEach(shard -> put(data, shard.index() + ".", shard.checkpoint()));
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name(mj))
                .withNamespace(mj.getMetadata().getNamespace())
                .withLabels(Labels.of(mj))
                .endMetadata()
                .withData(data)
                .build();
    }

    private static void put(Map<String, String> data, String prefix, Checkpoint checkpoint) {
        if (checkpoint != null && checkpoint.lastKey() != null) {
            data.put(prefix + CheckpointFile.LAST_KEY, checkpoint.lastKey());
            checkpoint.counts().ifPresent(counts -> data.put(prefix + CheckpointFile.COUNTS, counts.toString()));
        }
    }

    @Override
    protected ConfigMap desired(MigrationJob mj, Context<MigrationJob> context) {
        Plan plan = Plan.from(context);
        return build(mj, plan.checkpoint(), plan.shards());
    }
}
