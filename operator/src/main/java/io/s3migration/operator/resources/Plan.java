package io.s3migration.operator.resources;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.s3migration.operator.api.Checkpoint;
import io.s3migration.operator.api.MigrationJob;
import io.s3migration.operator.api.ShardStatus;
import io.s3migration.operator.config.OperatorConfig;
import io.s3migration.protocol.CopierConfig;

import java.util.List;
import java.util.Map;

/**
 * What the reconciler decided this round, handed to the dependent resources through the workflow context
 * (their {@code desired()} only sees the primary and the context). {@code checkpoint} and {@code shards} (a parallel
 * migration's ranges with their checkpoints) are the ones this round decided (the primary still carries the previous status).
 */
public record Plan(OperatorConfig config, Map<String, String> credentials, String jobName, CopierConfig copier,
                   Checkpoint checkpoint, List<ShardStatus> shards) {
    public Plan {
        shards = shards == null ? List.of() : List.copyOf(shards);
    }

    private static final String KEY = Plan.class.getName();

    public void storeIn(Context<MigrationJob> context) {
        context.managedWorkflowAndDependentResourceContext().put(KEY, this);
    }

    public static Plan from(Context<MigrationJob> context) {
        return context.managedWorkflowAndDependentResourceContext().getMandatory(KEY, Plan.class);
    }
}
