package io.s3migration.operator.resources;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.s3migration.operator.api.MigrationJob;
import io.s3migration.operator.api.ShardStatus;
import io.s3migration.protocol.ShardFiles;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code <name>-ranges}: the key ranges of this pass's plan (status.shards, cut by the pre-flight pod), mounted into
 * every pod of the Indexed copy and verify Jobs, which take their own by {@code JOB_COMPLETION_INDEX}
 * ({@link ShardFiles}). Derived from the status, so re-applying it is idempotent and a new pass's plan replaces it.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED))
public class RangesConfigMap extends CRUDKubernetesDependentResource<ConfigMap, MigrationJob> {

    public RangesConfigMap() {
        super(ConfigMap.class);
    }

    public static String name(MigrationJob mj) {
        return mj.getMetadata().getName() + "-ranges";
    }

    public static ConfigMap build(MigrationJob mj, List<ShardStatus> shards) {
        Map<String, String> data = new LinkedHashMap<>();
        for (ShardStatus shard : shards) {
            data.put(ShardFiles.afterFile(shard.index()), shard.after());
            data.put(ShardFiles.upToFile(shard.index()), shard.upTo());
        }
        return OwnedConfigMaps.of(mj, name(mj), data);
    }

    @Override
    protected ConfigMap desired(MigrationJob mj, Context<MigrationJob> context) {
        return build(mj, Plan.from(context).shards());
    }

    /** Only a parallel migration whose plan has run has ranges. */
    public static class Planned implements Condition<ConfigMap, MigrationJob> {
        @Override
        public boolean isMet(DependentResource<ConfigMap, MigrationJob> dependent, MigrationJob mj, Context<MigrationJob> context) {
            return !Plan.from(context).shards().isEmpty();
        }
    }
}
