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

class CheckpointFileTest {
    private static final CopierConfig COPY = CopierConfig.of(Mode.COPY,
            new Bucket("https://s3.example.com", "us-east-1", "src", "photos/", false),
            new Bucket("https://s3.example.net", "us-east-1", "dst", "", false));

    @TempDir
    Path dir;

    @Test
    void aNewerCheckpointInTheFilesWinsWithItsCounts() throws IOException {
        write("photos/b.jpg", "objectsCopied=7,objectsSkipped=1,objectsFailed=0,bytesCopied=700");
        CopierConfig resumed = CheckpointFile.resume(COPY.withCheckpoint("photos/a.jpg",
                new CheckpointCounts(3, 0, 0, 300)), dir);
        assertEquals("photos/b.jpg", resumed.get(CopierSettings.CHECKPOINT));
        assertEquals(new CheckpointCounts(7, 1, 0, 700), resumed.get(CopierSettings.CHECKPOINT_COUNTS));
    }

    @Test
    void aCheckpointInTheFilesNotAfterTheConfiguredOneIsIgnored() throws IOException {
        write("photos/a.jpg", "objectsCopied=1,objectsSkipped=0,objectsFailed=0,bytesCopied=1");
        CopierConfig configured = COPY.withCheckpoint("photos/b.jpg", new CheckpointCounts(5, 0, 0, 500));
        assertSame(configured, CheckpointFile.resume(configured, dir));
    }

    @Test
    void noFilesOrEmptyFilesChangeNothing() throws IOException {
        assertSame(COPY, CheckpointFile.resume(COPY, dir));
        write("", "");
        assertSame(COPY, CheckpointFile.resume(COPY, dir));
        assertNull(CheckpointFile.resume(COPY, dir).get(CopierSettings.CHECKPOINT));
    }

    @Test
    void onlyACopyResumesAndOnlyUnderTheSourcePrefix() throws IOException {
        write("other/z.jpg", "");
        assertSame(COPY, CheckpointFile.resume(COPY, dir));
        write("photos/z.jpg", "");
        CopierConfig verify = COPY.with(CopierSettings.MODE, Mode.VERIFY);
        assertSame(verify, CheckpointFile.resume(verify, dir));
        assertEquals(CheckpointCounts.NONE, CheckpointFile.resume(COPY, dir).get(CopierSettings.CHECKPOINT_COUNTS));
    }

    @Test
    void garbledCountsAreInvalidInputNamingTheFile() throws IOException {
        write("photos/z.jpg", "lots");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CheckpointFile.resume(COPY, dir));
        assertEquals(true, e.getMessage().contains(dir.resolve(CheckpointFile.COUNTS).toString()), e.getMessage());
    }

    private void write(String key, String counts) throws IOException {
        Files.writeString(dir.resolve(CheckpointFile.LAST_KEY), key);
        Files.writeString(dir.resolve(CheckpointFile.COUNTS), counts);
    }
}
