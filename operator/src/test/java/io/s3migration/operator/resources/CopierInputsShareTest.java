package io.s3migration.operator.resources;

import io.s3migration.operator.api.Options;
import io.s3migration.protocol.Bucket;
import io.s3migration.protocol.CheckpointCounts;
import io.s3migration.protocol.CopierConfig;
import io.s3migration.protocol.CopierSettings;
import io.s3migration.protocol.Mode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** concurrency and bandwidthLimit are the whole migration's: each of N shards gets its share. */
class CopierInputsShareTest {
    private static final Bucket SOURCE = new Bucket("https://s3.example.com", "us-east-1", "src", "", false);
    private static final Bucket DESTINATION = new Bucket("https://s3.example.net", "us-east-1", "dst", "", false);

    private static CopierConfig of(Options options, int shards) {
        return CopierInputs.of(options, Mode.COPY, SOURCE, DESTINATION, null, CheckpointCounts.NONE, shards);
    }

    @Test
    void sharesRoundDownAndNeverReachZero() {
        assertEquals(5, CopierInputs.share(16, 3));
        assertEquals(1, CopierInputs.share(16, 64));
        assertEquals(16, CopierInputs.share(16, 1));
    }

    @Test
    void eachShardGetsItsShareOfConcurrencyAndBandwidth() {
        CopierConfig shard = of(new Options(32, "100Mi", null, null, null, null), 4);
        assertEquals(8, shard.get(CopierSettings.CONCURRENCY));
        assertEquals(100L * 1024 * 1024 / 4, shard.get(CopierSettings.BANDWIDTH_LIMIT));
        // Unset concurrency is the copier's default for the whole migration, shared too.
        assertEquals(CopierSettings.DEFAULT_CONCURRENCY / 4, of(Options.DEFAULTS, 4).get(CopierSettings.CONCURRENCY));
        // Unlimited stays unlimited.
        assertEquals(0L, of(new Options(32, "0", null, null, null, null), 4).get(CopierSettings.BANDWIDTH_LIMIT));
    }

    @Test
    void oneShardKeepsTheOptionsAsTheyAre() {
        CopierConfig single = of(new Options(32, "100Mi", null, null, null, null), 1);
        assertEquals(32, single.get(CopierSettings.CONCURRENCY));
        assertEquals(100L * 1024 * 1024, single.get(CopierSettings.BANDWIDTH_LIMIT));
        assertEquals(CopierSettings.DEFAULT_CONCURRENCY, of(Options.DEFAULTS, 1).get(CopierSettings.CONCURRENCY));
    }
}
