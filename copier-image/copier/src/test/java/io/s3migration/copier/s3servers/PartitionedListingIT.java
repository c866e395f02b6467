package io.s3migration.copier.s3servers;

import io.s3migration.copier.Copier;
import io.s3migration.copier.support.Captured;
import io.s3migration.copier.support.OnTwoServers;
import io.s3migration.copier.support.RewritingProxy;
import io.s3migration.protocol.Bucket;
import io.s3migration.protocol.CopierConfig;
import io.s3migration.protocol.CopierSettings;
import io.s3migration.protocol.ExitCode;
import io.s3migration.protocol.KeyOrder;
import io.s3migration.protocol.Mode;
import io.s3migration.protocol.Summary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A source laid out in folders is listed in parts at once (its folders found by delimiter listings, level by level) on
 * a real S3Proxy, and every object still arrives once, under its key: the source sits behind a proxy that holds every
 * listing's answer 300 ms and counts how many it holds at the same time, so a listing of one part after another would
 * never hold two. The destination's keys are read by a plain SDK client, not through the copier's listing.
 */
class PartitionedListingIT extends OnTwoServers {

    @Test
    void foldersAreListedAtTheSameTimeAndEveryObjectArrivesOnce(@TempDir Path dir) throws Exception {
        String bucket = servers.newBuckets();
        List<String> keys = putFolders(bucket);
        try (HeldListings source = new HeldListings()) {
            CopierConfig config = source.configFor(bucket, dir);
            Summary copy = Copier.run(config, new Captured(false).stream());
            assertEquals(ExitCode.SUCCEEDED, copy.exitCode(), copy.message());
            assertEquals(keys.size(), copy.progress().objectsCopied(), copy.message());
            assertEquals(keys.stream().sorted(KeyOrder.INSTANCE).toList(), destinationKeys(servers.destination, bucket));
            // the top level; logs/ and zz/; logs/f0/ to logs/f5/ and zz/é/ (each of them all in one page, but f3/deeper/)
            assertEquals(10, source.delimiterListings.get());
            assertTrue(source.mostHeld.get() >= 7, "a level's folders are listed at the same time: at most " + source.mostHeld.get() + " at once");

            Summary again = Copier.run(config, new Captured(false).stream());
            assertEquals(ExitCode.SUCCEEDED, again.exitCode(), again.message());
            assertEquals(0, again.progress().objectsCopied(), "a re-run lists both sides in parts and finds every object there");
            assertEquals(keys.size(), again.progress().objectsSkipped());

            Summary verify = Copier.run(config.with(CopierSettings.MODE, Mode.VERIFY), new Captured(false).stream());
            assertEquals(ExitCode.SUCCEEDED, verify.exitCode(), verify.message());
            assertEquals(keys.size(), verify.verification().objectsMatched());
        }
    }

    /**
     * A run told to send few requests at once (an endpoint that throttles) lists no more parts at once than it has
     * workers; one worker lists flat, with no delimiter listing.
     */
    @ParameterizedTest(name = "{0} workers")
    @CsvSource({"1, 0", "2, 1"})
    void aRunOfFewWorkersListsNoMorePartsAtOnce(int workers, int expectedDelimiterListings, @TempDir Path dir) throws Exception {
        String bucket = servers.newBuckets();
        List<String> keys = putFolders(bucket);
        try (HeldListings source = new HeldListings()) {
            CopierConfig config = source.configFor(bucket, dir).with(CopierSettings.CONCURRENCY, workers);
            Summary copy = Copier.run(config, new Captured(false).stream());
            assertEquals(ExitCode.SUCCEEDED, copy.exitCode(), copy.message());
            assertEquals(keys.stream().sorted(KeyOrder.INSTANCE).toList(), destinationKeys(servers.destination, bucket));
            // two workers: the top level only, its two folders (logs/, zz/) already keep two threads busy
            assertEquals(expectedDelimiterListings, source.delimiterListings.get());
            // the copy's listing and the sizing pass's
            assertTrue(source.mostHeld.get() <= 2 * workers, "at most " + workers + " parts per listing at once, held " + source.mostHeld.get());
        }
    }

    /** 6 folders of 25 objects under {@code logs/}, and keys that sort next to folder names or hold no slash. */
    private List<String> putFolders(String bucket) {
        List<String> keys = new ArrayList<>();
        for (int folder = 0; folder < 6; folder++) {
            for (int i = 0; i < 25; i++) {
                keys.add(String.format("logs/f%d/part-%03d.txt", folder, i));
            }
        }
        keys.addAll(List.of("logs/f1.txt", "logs/f1-", "README", "logs/f3/", "logs/f3/deeper/x", "zz/\u00e9/\uD83D\uDE00"));
        keys.parallelStream().forEach(k -> servers.source.putObject(b -> b.bucket(bucket).key(k), RequestBody.fromString("of " + k)));
        return keys;
    }

    /** The source server behind a proxy that holds every listing's answer 300 ms and counts how many it holds at once. */
    private final class HeldListings implements AutoCloseable {
        final AtomicInteger held = new AtomicInteger();
        final AtomicInteger mostHeld = new AtomicInteger();
        final AtomicInteger delimiterListings = new AtomicInteger();
        final RewritingProxy proxy;

        HeldListings() throws Exception {
            proxy = new RewritingProxy(servers.sourceServer.port(), (request, response) -> {
                if (request.method().equals("GET") && request.query().contains("list-type=2")) {
                    if (request.query().contains("delimiter=")) {
                        delimiterListings.incrementAndGet();
                    }
                    mostHeld.accumulateAndGet(held.incrementAndGet(), Math::max);
                    try {
                        Thread.sleep(300);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        held.decrementAndGet();
                    }
                }
                return response;
            });
        }

        CopierConfig configFor(String bucket, Path dir) {
            return servers.config(Mode.COPY, bucket, dir)
                    .with(CopierSettings.SOURCE, new Bucket(proxy.endpoint(), "us-east-1", bucket, "", true));
        }

        @Override
        public void close() throws Exception {
            proxy.close();
        }
    }

    private static List<String> destinationKeys(S3Client s3, String bucket) {
        return s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream().map(S3Object::key).toList();
    }
}
