package io.s3migration.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShardFilesTest {
    private static final CopierConfig COPY = CopierConfig.of(Mode.COPY,
            new Bucket("https://s3.example.com", "us-east-1", "src", "photos/", false),
            new Bucket("https://s3.example.net", "us-east-1", "dst", "", false));

    @TempDir
    Path dir;

    @Test
    void eachIndexTakesItsOwnRangeAndEmptyFilesAreOpenEnds() throws IOException {
        Files.writeString(dir.resolve("0.after"), "");
        Files.writeString(dir.resolve("0.upTo"), "photos/k");
        Files.writeString(dir.resolve("1.after"), "photos/k");
        Files.writeString(dir.resolve("1.upTo"), "");
        CopierConfig sharded = COPY.with(CopierSettings.RANGES_DIR, dir.toString());

        CopierConfig first = ShardFiles.resolve(sharded, ShardFiles.index(sharded, "0"));
        assertEquals(new KeyRange(null, "photos/k"), KeyRange.of(first));
        CopierConfig second = ShardFiles.resolve(sharded, ShardFiles.index(sharded, "1"));
        assertEquals(new KeyRange("photos/k", null), KeyRange.of(second));
        assertTrue(KeyRange.of(second).holds("photos/z é.jpg"));
        assertEquals("1", second.get(CopierSettings.SHARD), "the index names the shard's report");
    }

    @Test
    void withoutRangesDirNothingChangesAndTheIndexIsIgnored() {
        assertNull(ShardFiles.index(COPY, "3"));
        assertSame(COPY, ShardFiles.resolve(COPY, null));
    }

    @Test
    void aMissingIndexOrRangeIsInvalidInputNamingTheFix() throws IOException {
        CopierConfig sharded = COPY.with(CopierSettings.RANGES_DIR, dir.toString());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ShardFiles.index(sharded, null)).getMessage()
                .contains("JOB_COMPLETION_INDEX"));
        assertThrows(IllegalArgumentException.class, () -> ShardFiles.index(sharded, "-1"));
        assertThrows(IllegalArgumentException.class, () -> ShardFiles.index(sharded, "x"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ShardFiles.resolve(sharded, 5)).getMessage()
                .contains("5.after"));
        Files.writeString(dir.resolve("0.after"), "");
        Files.writeString(dir.resolve("0.upTo"), "");
        assertThrows(IllegalArgumentException.class,
                () -> ShardFiles.resolve(sharded.with(CopierSettings.RANGE_UP_TO, "photos/a"), 0));
    }

    @Test
    void aShardResumesFromItsOwnCheckpointFilesOnly() throws IOException {
        Files.writeString(dir.resolve("1.after"), "photos/k");
        Files.writeString(dir.resolve("1.upTo"), "");
        Files.writeString(dir.resolve("0.lastKey"), "photos/b");
        Files.writeString(dir.resolve("1.lastKey"), "photos/m");
        Files.writeString(dir.resolve("1.counts"), "objectsCopied=4,objectsSkipped=0,objectsFailed=0,bytesCopied=40");
        CopierConfig shard1 = ShardFiles.resolve(COPY.with(CopierSettings.RANGES_DIR, dir.toString()), 1);

        CopierConfig resumed = CheckpointFile.resume(shard1, dir, 1);
        assertEquals("photos/m", resumed.get(CopierSettings.CHECKPOINT));
        assertEquals(new CheckpointCounts(4, 0, 0, 40), resumed.get(CopierSettings.CHECKPOINT_COUNTS));
        // Shard 0's key lies outside shard 1's range: never taken, even if handed the wrong index's files.
        Files.writeString(dir.resolve("1.lastKey"), "photos/b");
        assertSame(shard1, CheckpointFile.resume(shard1, dir, 1));
    }
}
