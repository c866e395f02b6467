package io.s3migration.operator.apiserver;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.s3migration.operator.api.Checkpoint;
import io.s3migration.operator.api.MigrationJob;
import io.s3migration.operator.api.ShardStatus;
import io.s3migration.operator.config.TestConfigs;
import io.s3migration.operator.reconcile.Fixtures;
import io.s3migration.operator.resources.CheckpointConfigMap;
import io.s3migration.operator.resources.CopierJob;
import io.s3migration.operator.resources.CopierInputs;
import io.s3migration.operator.resources.RangesConfigMap;
import io.s3migration.protocol.CheckpointCounts;
import io.s3migration.protocol.Mode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * What the operator builds for a parallel migration (spec.parallelism 3), created on kube-apiserver 1.34 with its
 * own Job validation and defaulting: the pre-flight Job (checks as an init container, then the plan, a pod failure
 * policy on the init container), the Indexed copy and verify Jobs (backoffLimitPerIndex, maxFailedIndexes) and the
 * ranges and per-index checkpoint ConfigMaps (whose keys must be valid ConfigMap keys).
 */
class ParallelJobsApiServerTest extends CrdOnRealApiServer {
    static final List<ShardStatus> SHARDS = List.of(
            new ShardStatus(0, "", "photos/g", ShardStatus.RUNNING, Checkpoint.of("photos/b.jpg", new CheckpointCounts(2, 0, 0, 200)), null),
            new ShardStatus(1, "photos/g", "photos/p", ShardStatus.PENDING, null, null),
            new ShardStatus(2, "photos/p", "", ShardStatus.RUNNING, Checkpoint.of("photos/q.jpg", null), null));

    static MigrationJob parallelMigration() {
        MigrationJob mj = Fixtures.migration("photos", namespace);
        mj.setSpec(mj.getSpec().withParallelism(SHARDS.size()));
        return mj;
    }

    static Job build(MigrationJob mj, String jobName, Mode mode) {
        var copier = CopierInputs.of(mj.getSpec().options(), mode, mj.getSpec().source().toBucket(), mj.getSpec().destination().toBucket(),
                null, CheckpointCounts.NONE, mj.getSpec().shards());
        return CopierJob.build(mj, jobName, copier, TestConfigs.of(Map.of()));
    }

    @Test
    void theIndexedCopyAndVerifyJobsAndThePreflightThatPlansAreAccepted() {
        MigrationJob mj = parallelMigration();
        Job preflight = admin.resource(build(mj, "photos-preflight", Mode.PREFLIGHT)).create();
        assertEquals(CopierJob.PREFLIGHT_CONTAINER, preflight.getSpec().getTemplate().getSpec().getInitContainers().get(0).getName());
        assertNotNull(preflight.getSpec().getPodFailurePolicy(), "a failed check fails the Job at once");

        for (var run : Map.of("photos-1", Mode.COPY, "photos-v1", Mode.VERIFY).entrySet()) {
            Job stored = admin.resource(build(mj, run.getKey(), run.getValue())).create();
            assertEquals("Indexed", stored.getSpec().getCompletionMode(), run.getKey());
            assertEquals(List.of(3, 3, 0), List.of(stored.getSpec().getCompletions(), stored.getSpec().getParallelism(),
                    stored.getSpec().getMaxFailedIndexes()), run.getKey());
            assertNotNull(stored.getSpec().getBackoffLimitPerIndex(), run.getKey());
            assertEquals(CopierJob.HOSTNAME_TOPOLOGY,
                    stored.getSpec().getTemplate().getSpec().getTopologySpreadConstraints().get(0).getTopologyKey(), run.getKey());
        }
    }

    @Test
    void theRangesAndThePerIndexCheckpointsAreValidConfigMaps() {
        MigrationJob mj = parallelMigration();
        ConfigMap ranges = admin.resource(RangesConfigMap.build(mj, SHARDS)).create();
        assertEquals(Map.of("0.after", "", "0.upTo", "photos/g", "1.after", "photos/g", "1.upTo", "photos/p", "2.after", "photos/p",
                "2.upTo", ""), ranges.getData());
        ConfigMap checkpoints = admin.resource(CheckpointConfigMap.build(mj, null, SHARDS)).create();
        assertEquals("photos/b.jpg", checkpoints.getData().get("0.lastKey"));
        assertEquals(new CheckpointCounts(2, 0, 0, 200).toString(), checkpoints.getData().get("0.counts"));
        assertEquals("photos/q.jpg", checkpoints.getData().get("2.lastKey"));
        // index 1 has no checkpoint yet: its files are there, empty, so it starts at its range's start (and an apply
        // after a new pass's plan empties every index's files rather than leaving the old keys)
        assertEquals("", checkpoints.getData().get("1.lastKey"));
        assertEquals("", checkpoints.getData().get("1.counts"));
        assertEquals(8, checkpoints.getData().size(), "the single pair and one pair per index: " + checkpoints.getData());
    }
}
