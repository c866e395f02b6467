package io.s3migration.operator.resources;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.s3migration.operator.api.Checkpoint;
import io.s3migration.operator.api.MigrationJob;
import io.s3migration.protocol.CheckpointCounts;
import io.s3migration.protocol.CheckpointFile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CheckpointConfigMapTest {

    private static MigrationJob mj() {
        MigrationJob mj = new MigrationJob();
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
}
