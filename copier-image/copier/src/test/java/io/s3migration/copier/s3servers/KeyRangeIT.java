package io.s3migration.copier.s3servers;

import io.s3migration.copier.Copier;
import io.s3migration.copier.support.Captured;
import io.s3migration.copier.support.CredentialsDir;
import io.s3migration.copier.support.FaultyProxy;
import io.s3migration.copier.support.TwoServers;
import io.s3migration.protocol.Bucket;
import io.s3migration.protocol.CheckpointCounts;
import io.s3migration.protocol.CopierConfig;
import io.s3migration.protocol.CopierSettings;
import io.s3migration.protocol.ExitCode;
import io.s3migration.protocol.Mode;
import io.s3migration.protocol.ProtocolJson;
import io.s3migration.protocol.RangeLine;
import io.s3migration.protocol.Summary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A shard's key range on two S3Proxy servers, in-process: keys keep their path below different prefixes on each side,
 * both listings keep to the range (the source one stops requesting pages past its end), a resumed shard starts after
 * its checkpoint, an empty range succeeds, verify checks only its range, and plan mode prints ranges that together
 * hold every key once.
 */
class KeyRangeIT {
    static final int KEYS = 5000;
    static TwoServers servers;
    static FaultyProxy sourceCounter;
    static String bucket;

    @BeforeAll
    static void seed() throws Exception {
        servers = new TwoServers();
        sourceCounter = new FaultyProxy(servers.sourceServer.port(), 0, 0, 7);
        bucket = servers.newBuckets();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<?>> puts = IntStream.range(0, KEYS).mapToObj(i -> pool.submit(() -> servers.source.putObject(
                b -> b.bucket(bucket).key(key(i)), RequestBody.fromString("object " + i)))).collect(java.util.stream.Collectors.toList());
        for (Future<?> f : puts) {
            f.get();
        }
        pool.shutdown();
    }

    @AfterAll
    static void stop() {
        sourceCounter.close();
        servers.close();
    }

    static String key(int i) {
        return String.format(Locale.ROOT, "src/k%04d", i);
    }

    CopierConfig config(Mode mode, Path dir, String after, String upTo) {
        CredentialsDir.write(dir.resolve("credentials"), servers.sourceServer.asEndpoint(), servers.destinationServer.asEndpoint());
        return servers.config(mode, bucket, dir)
                .with(CopierSettings.SOURCE, new Bucket(sourceCounter.endpoint(), "us-east-1", bucket, "src/", true))
                .with(CopierSettings.DESTINATION, new Bucket(servers.destinationServer.endpoint(), "us-east-1", bucket, "dst/", true))
                .with(CopierSettings.RANGE_AFTER, after)
                .with(CopierSettings.RANGE_UP_TO, upTo);
    }

    List<String> destinationKeys() {
        return servers.destination.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream().map(o -> o.key()).toList();
    }

    @Test
    void shardsCopyOnlyTheirRangeAndStopListingAtItsEnd(@TempDir Path dir) {
        int listsBefore = sourceCounter.requests("GET", "list-type=2");
        Summary middle = Copier.run(config(Mode.COPY, dir, key(999), key(1500)), new Captured(false).stream());
        assertEquals(ExitCode.SUCCEEDED, middle.exitCode(), middle.message());
        assertEquals(501, middle.progress().objectsCopied(), middle.message());
        assertEquals(IntStream.rangeClosed(1000, 1500).mapToObj(i -> "dst/k" + String.format(Locale.ROOT, "%04d", i)).toList(),
                destinationKeys().stream().filter(k -> k.compareTo("dst/k1000") >= 0 && k.compareTo("dst/k1501") < 0).toList());
        // The copy's listing and the sizing pass's each stop after the one page that reaches past the range's end
        // (the sizing pass may also be stopped before it asks): without the stop each would list all the pages.
        int lists = sourceCounter.requests("GET", "list-type=2") - listsBefore;
        assertTrue(lists >= 1 && lists <= 2, "one page per listing, no second one requested: " + lists + " list requests");

        // the last shard, resumed after its checkpoint with the counts up to it: counts on, lists nothing before it
        Summary resumed = Copier.run(config(Mode.COPY, dir, key(1500), null)
                .withCheckpoint(key(3000), new CheckpointCounts(1500, 0, 0, 15000)), new Captured(false).stream());
        assertEquals(ExitCode.SUCCEEDED, resumed.exitCode(), resumed.message());
        assertEquals(1500 + (KEYS - 3001), resumed.progress().objectsCopied(), resumed.message());
        assertEquals(List.of(), destinationKeys().stream().filter(k -> k.compareTo("dst/k1501") >= 0 && k.compareTo("dst/k3000") <= 0).toList(),
                "nothing before the checkpoint copied again");

        // a range with no key succeeds (a plan for fewer keys than shards has such ranges)
        Summary empty = Copier.run(config(Mode.COPY, dir, key(4999), key(4999)), new Captured(false).stream());
        assertEquals(ExitCode.SUCCEEDED, empty.exitCode(), empty.message());
        assertEquals(0, empty.progress().objectsTotal());

        // verify keeps to its range: the first range matches, the never-copied one (k1501..k3000) is all missing
        Summary matched = Copier.run(config(Mode.VERIFY, dir, key(999), key(1500)), new Captured(false).stream());
        assertEquals(ExitCode.SUCCEEDED, matched.exitCode(), matched.message());
        assertEquals(501, matched.verification().objectsMatched());
        Summary missing = Copier.run(config(Mode.VERIFY, dir, key(1500), key(3000)), new Captured(false).stream());
        assertEquals(ExitCode.PARTIAL, missing.exitCode(), missing.message());
        assertEquals(1500, missing.verification().objectsMissing());
        assertEquals(0, missing.verification().objectsMatched());
    }

    @Test
    void planRangesTogetherCopyEveryKeyOnce(@TempDir Path dir) {
        Captured out = new Captured(false);
        Summary plan = Copier.run(config(Mode.PLAN, dir, null, null).with(CopierSettings.SHARDS, 3), out.stream());
        assertEquals(ExitCode.SUCCEEDED, plan.exitCode(), plan.message());
        List<RangeLine> ranges = ProtocolJson.rangesIn(out.text());
        assertEquals(3, ranges.size(), out.text());
        long done = 0;
        for (RangeLine range : ranges) {
            Summary verify = Copier.run(config(Mode.VERIFY, dir, range.after(), range.upTo()), new Captured(false).stream());
            done += verify.progress().objectsTotal();
            System.out.printf("plan of %d keys: %s holds %d, estimated %d%n", KEYS, range.range(),
                    verify.progress().objectsTotal(), range.estimatedObjects());
        }
        assertEquals(KEYS, done, "the ranges hold every key once");
    }
}
