package io.s3migration.operator.resources;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.s3migration.operator.api.Checkpoint;
import io.s3migration.operator.api.MigrationJob;
import io.s3migration.operator.api.ShardStatus;
import io.s3migration.operator.reconcile.Fixtures;
import io.s3migration.protocol.CheckpointCounts;
import io.s3migration.protocol.CheckpointFile;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CheckpointConfigMapTest {

    private static MigrationJob mj() {
        MigrationJob mj = Fixtures.migration("photos", "team-a");
        mj.setMetadata(new ObjectMetaBuilder().withName("photos").withNamespace("team-a").withUid("u-1").build());
        return mj;
    }

    @Test
    void noCheckpointWritesBothFilesEmptySoANewPassClearsThePreviousPassKey() {
        // A map without the keys would match the old ConfigMap under server-side apply and leave its key in place.
        assertEquals(Map.of(CheckpointFile.LAST_KEY, "", CheckpointFile.COUNTS, ""), CheckpointConfigMap.build(mj(), null).getData());
    }

    @Test
    void aCheckpointWritesItsKeyAndCounts() {
        CheckpointCounts counts = new CheckpointCounts(3, 1, 0, 300);
        Map<String, String> data = CheckpointConfigMap.build(mj(), Checkpoint.of("data/b.bin", counts)).getData();
        assertEquals("data/b.bin", data.get(CheckpointFile.LAST_KEY));
        assertEquals(counts.toString(), data.get(CheckpointFile.COUNTS));
    }

    @Test
    void aParallelMigrationWritesAPairPerIndexEmptyWhereThatIndexHasNoCheckpointYet() {
        MigrationJob mj = mj();
        mj.setSpec(mj.getSpec().withParallelism(3));
        CheckpointCounts counts = new CheckpointCounts(2, 0, 0, 20);
        var shard = new ShardStatus(1, "m", "t", "Running", Checkpoint.of("p/2", counts), null);

        Map<String, String> data = CheckpointConfigMap.build(mj, null, List.of(shard)).getData();

        // an index with no key must still have empty files: otherwise the apply leaves a previous pass's key in place
        assertEquals("", data.get("0.lastKey"));
        assertEquals("", data.get("0.counts"));
        assertEquals("p/2", data.get("1.lastKey"));
        assertEquals(counts.toString(), data.get("1.counts"));
        assertEquals("", data.get("2.lastKey"));
        assertEquals(8, data.size(), data.toString());
    }
}
