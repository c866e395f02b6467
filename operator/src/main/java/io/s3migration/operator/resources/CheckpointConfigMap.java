package io.s3migration.operator.resources;

import io.fabric8.kubernetes.api.model.ConfigMap;
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
import java.util.TreeMap;

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

    /**
     * With a parallel migration's shards: one pair of files per index as well, {@code <index>.lastKey} and
     * {@code <index>.counts}, for every index of {@code spec.parallelism}.
     */
    public static ConfigMap build(MigrationJob mj, Checkpoint checkpoint, List<ShardStatus> shards) {
        // Every file always present, empty for "no checkpoint": the server-side-apply matcher takes a desired map that
        // merely lacks keys for a match, so a new pass (checkpoint cleared) would keep the last pass's key and its
        // copy would resume after it, skipping every new key that sorts before (found on the real cluster).
        Map<String, String> data = new LinkedHashMap<>();
        put(data, "", checkpoint);
        Map<Integer, Checkpoint> byIndex = new TreeMap<>();
        int parallelism = mj.getSpec().shards();
        for (int index = 0; parallelism > 1 && index < parallelism; index++) {
            byIndex.put(index, null);
        }
        shards.forEach(shard -> byIndex.put(shard.index(), shard.checkpoint()));
        byIndex.forEach((index, held) -> put(data, index + ".", held));
        return OwnedConfigMaps.of(mj, name(mj), data);
    }

    private static void put(Map<String, String> data, String prefix, Checkpoint checkpoint) {
        boolean held = checkpoint != null && checkpoint.lastKey() != null;
        data.put(prefix + CheckpointFile.LAST_KEY, held ? checkpoint.lastKey() : "");
        data.put(prefix + CheckpointFile.COUNTS, held ? checkpoint.counts().map(Object::toString).orElse("") : "");
    }

    @Override
    protected ConfigMap desired(MigrationJob mj, Context<MigrationJob> context) {
        Plan plan = Plan.from(context);
        return build(mj, plan.checkpoint(), plan.shards());
    }
}
