package io.s3migration.copier.s3servers;

import io.s3migration.copier.Copier;
import io.s3migration.copier.support.Captured;
import io.s3migration.copier.support.ChildCopier;
import io.s3migration.copier.support.CredentialsDir;
import io.s3migration.copier.support.Dataset;
import io.s3migration.copier.support.FaultyProxy;
import io.s3migration.copier.support.OnTwoServers;
import io.s3migration.copier.support.S3ProxyServer;
import io.s3migration.copier.support.TwoServers;
import io.s3migration.protocol.Bucket;
import io.s3migration.protocol.CheckpointCounts;
import io.s3migration.protocol.CopierConfig;
import io.s3migration.protocol.CopierEnv;
import io.s3migration.protocol.CopierSettings;
import io.s3migration.protocol.ExitCode;
import io.s3migration.protocol.Mode;
import io.s3migration.protocol.Progress;
import io.s3migration.protocol.ProgressLine;
import io.s3migration.protocol.ProtocolJson;
import io.s3migration.protocol.Reason;
import io.s3migration.protocol.Summary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Faults: a flaky network and server, a killed copier resumed from its checkpoint, credentials revoked mid-run. */
class FaultToleranceIT extends OnTwoServers {
    @Test
    void survives503sAndConnectionResetsOnBothSidesWithEveryObjectCorrect(@TempDir Path dir) throws Exception {
        String bucket = servers.newBuckets();
        Dataset data = Dataset.standard(80, 14 * 1024 * 1024);
        data.uploadTo(servers.source, bucket, "");
        try (FaultyProxy sourceFaults = new FaultyProxy(servers.sourceServer.port(), 0.1, 0.1, 1);
             FaultyProxy destinationFaults = new FaultyProxy(servers.destinationServer.port(), 0.1, 0.1, 2)) {
            CopierConfig base = servers.config(Mode.COPY, bucket, dir);
            CopierConfig config = base
                    .with(CopierSettings.SOURCE, new Bucket(sourceFaults.endpoint(), "us-east-1", bucket, "", true))
                    .with(CopierSettings.DESTINATION, new Bucket(destinationFaults.endpoint(), "us-east-1", bucket, "", true))
                    .withMultipart(8 * CopierSettings.MIB, CopierSettings.MIN_PART_SIZE)
                    .with(CopierSettings.CONCURRENCY, 4);

            Summary summary = Copier.run(config, new Captured(false).stream());

            int faults = sourceFaults.slowDowns.get() + sourceFaults.resets.get()
                    + destinationFaults.slowDowns.get() + destinationFaults.resets.get();
            System.out.printf("fault proxy: %d connections, %d 503s, %d resets (source); %d connections, %d 503s, %d resets (destination); %s%n",
                    sourceFaults.connections.get(), sourceFaults.slowDowns.get(), sourceFaults.resets.get(),
                    destinationFaults.connections.get(), destinationFaults.slowDowns.get(), destinationFaults.resets.get(), summary.message());
            assertTrue(faults >= 10, "the proxy injected only " + faults + " faults");
            assertEquals(ExitCode.SUCCEEDED, summary.exitCode(), summary.message() + " " + summary.failures());
            assertEquals(data.items().size(), summary.progress().objectsCopied());
            assertEquals(data.totalBytes(), summary.progress().bytesCopied(), "bytes of failed attempts are not counted");
        }
        for (Dataset.Item item : data.items()) {
            assertArrayEquals(item.content(), servers.destination.getObjectAsBytes(b -> b.bucket(bucket).key(item.key())).asByteArray(), item.key());
        }
        assertEquals(0, servers.destination.listMultipartUploads(b -> b.bucket(bucket)).uploads().size(), "no upload leaked");
    }

    /**
     * The answer to CreateMultipartUpload is lost after the server created the upload: the retry creates a second
     * one, and the first (whose id the copier never saw) must not stay open, billed, at the destination.
     */
    @Test
    void aLostCreateMultipartUploadAnswerLeavesNoUploadBehind(@TempDir Path dir) throws Exception {
        String bucket = servers.newBuckets();
        Dataset data = Dataset.standard(2, 12 * 1024 * 1024);
        data.uploadTo(servers.source, bucket, "");
        try (FaultyProxy destination = new FaultyProxy(servers.destinationServer.port(), 0, 0, 3)
                .loseAnswersTo("POST", "?uploads", 2)) {
            CopierConfig config = servers.config(Mode.COPY, bucket, dir)
                    .with(CopierSettings.DESTINATION, new Bucket(destination.endpoint(), "us-east-1", bucket, "", true))
                    .withMultipart(8 * CopierSettings.MIB, CopierSettings.MIN_PART_SIZE);

            Summary summary = Copier.run(config, new Captured(false).stream());

            assertEquals(ExitCode.SUCCEEDED, summary.exitCode(), summary.message() + " " + summary.failures());
            assertEquals(2, destination.lostAnswers.get(), "both lost answers happened");
        }
        for (Dataset.Item item : data.items()) {
            assertArrayEquals(item.content(), servers.destination.getObjectAsBytes(b -> b.bucket(bucket).key(item.key())).asByteArray(), item.key());
        }
        assertEquals(List.of(), servers.destination.listMultipartUploads(b -> b.bucket(bucket)).uploads(), "no upload left open");
    }

    /** A pause or cancel deletes the pod: SIGTERM. The copier's unfinished multipart uploads must not stay billed. */
    @Test
    void aStoppedCopierAbortsItsOpenMultipartUploads(@TempDir Path dir) throws Exception {
        String bucket = servers.newBuckets();
        Dataset.standard(0, 40 * 1024 * 1024).uploadTo(servers.source, bucket, "");
        CopierConfig config = servers.config(Mode.COPY, bucket, dir)
                .withMultipart(8 * CopierSettings.MIB, CopierSettings.MIN_PART_SIZE)
                .with(CopierSettings.BANDWIDTH_LIMIT, 2L * 1024 * 1024);

        Process copier = ChildCopier.start(CopierEnv.write(config), List.of(), dir);
        long deadline = System.currentTimeMillis() + 60_000;
        while (servers.destination.listMultipartUploads(b -> b.bucket(bucket)).uploads().isEmpty()
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(1, servers.destination.listMultipartUploads(b -> b.bucket(bucket)).uploads().size(),
                "the copier is uploading the large object in parts");
        Thread.sleep(500); // the copier has read the CreateMultipartUpload answer, not only the server made it
        assertTrue(copier.isAlive(), "still copying (bandwidth-capped)");
        copier.destroy(); // SIGTERM, as the kubelet sends
        assertTrue(copier.waitFor(30, TimeUnit.SECONDS), "stopped within the pod's grace period");

        assertEquals(List.of(), servers.destination.listMultipartUploads(b -> b.bucket(bucket)).uploads(),
                "no upload left open: " + Files.readString(dir.resolve("stderr")));
    }

    @Test
    void killedCopierResumesFromItsCheckpointWithoutRedoingWorkBeforeIt(@TempDir Path dir) throws Exception {
        String bucket = servers.newBuckets();
        Dataset data = new Dataset(11);
        for (int i = 0; i < 300; i++) {
            data.add(String.format("obj-%04d", i), 16 * 1024, "application/octet-stream", Map.of());
        }
        data.uploadTo(servers.source, bucket, "");
        CopierConfig config = servers.config(Mode.COPY, bucket, dir).with(CopierSettings.CONCURRENCY, 4)
                .with(CopierSettings.PROGRESS_INTERVAL, Duration.ofMillis(100));

        // a slow first run (bandwidth cap), killed once it reports a checkpoint well into the listing
        Path firstDir = Files.createDirectories(dir.resolve("first"));
        Process first = ChildCopier.start(CopierEnv.write(config.with(CopierSettings.BANDWIDTH_LIMIT, 512L * 1024)), List.of(), firstDir);
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            Optional<Progress> p = ProtocolJson.newestProgress(Files.readString(firstDir.resolve("stdout")));
            if (p.isPresent() && p.get().lastKey() != null && p.get().objectsCopied() >= 60) {
                break;
            }
            Thread.sleep(50);
        }
        first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        ProgressLine atKill = ProtocolJson.newestProgressLine(Files.readString(firstDir.resolve("stdout"))).orElseThrow();
        String checkpoint = atKill.progress().lastKey();
        CheckpointCounts carried = atKill.checkpointCounts();
        assertTrue(checkpoint != null && atKill.progress().objectsCopied() < 300, "killed mid-run: " + atKill);
        Map<String, Instant> before = destinationState(bucket);
        List<String> upToCheckpoint = data.items().stream().map(Dataset.Item::key).filter(k -> k.compareTo(checkpoint) <= 0).toList();
        assertTrue(before.keySet().containsAll(upToCheckpoint), "everything up to the checkpoint is at the destination");
        // The counts that go with the checkpoint are those of the keys up to it, not of keys finished beyond it.
        assertEquals(upToCheckpoint.size(), carried.objectsDone(), atKill.toString());
        assertEquals(carried.objectsCopied() * 16 * 1024, carried.bytesCopied(), atKill.toString());

        Path secondDir = Files.createDirectories(dir.resolve("second"));
        ChildCopier.Result second = ChildCopier.run(CopierEnv.write(config.withCheckpoint(checkpoint, carried)),
                List.of(), secondDir, 120);

        assertEquals(0, second.exitCode(), second.stdout());
        Summary summary = ProtocolJson.readSummary(second.stdout().lines().reduce((a, b) -> b).orElseThrow()).orElseThrow();
        // The resumed run lists only the keys after the checkpoint and counts on from the checkpoint's counts:
        // every source object is counted exactly once across the two runs, those finished beyond the
        // checkpoint by the killed run as skipped.
        Progress total = summary.progress();
        assertEquals(300, total.objectsTotal(), total.toString());
        assertEquals(300, total.objectsDone(), "done: 100 %, " + total);
        assertEquals(0, total.objectsFailed(), total.toString());
        long copiedBySecond = total.objectsCopied() - carried.objectsCopied();
        assertEquals(300 - upToCheckpoint.size(), copiedBySecond + total.objectsSkipped() - carried.objectsSkipped(), total.toString());
        assertEquals(total.objectsCopied() * 16 * 1024, total.bytesCopied(), "bytes of the copied objects only: " + total);
        Map<String, Instant> now = destinationState(bucket);
        for (String key : upToCheckpoint) {
            assertEquals(before.get(key), now.get(key), "untouched before the checkpoint: " + key);
        }
        for (Dataset.Item item : data.items()) {
            assertArrayEquals(item.content(), servers.destination.getObjectAsBytes(b -> b.bucket(bucket).key(item.key())).asByteArray(), item.key());
        }
        System.out.printf("kill-and-resume: killed at %s (copied %d); resumed run listed %d, copied %d, skipped %d%n",
                checkpoint, carried.objectsCopied(), total.objectsTotal(), total.objectsCopied(), total.objectsSkipped());
    }

    @Test
    void credentialsRevokedMidRunEndInAClearFatalError(@TempDir Path dir) throws Exception {
        Path store = Files.createDirectories(dir.resolve("store"));
        S3ProxyServer original = S3ProxyServer.start(TwoServers.SOURCE_KEY, TwoServers.SOURCE_SECRET, 0, store);
        int port = original.port();
        var client = original.asEndpoint().plainClient();
        client.createBucket(CreateBucketRequest.builder().bucket("revoked").build());
        servers.destination.createBucket(CreateBucketRequest.builder().bucket("revoked").build());
        Dataset data = new Dataset(5);
        for (int i = 0; i < 200; i++) {
            data.add(String.format("obj-%04d", i), 16 * 1024, "application/octet-stream", Map.of());
        }
        data.uploadTo(client, "revoked", "");
        CredentialsDir.write(dir.resolve("credentials"), original.asEndpoint(), servers.destinationServer.asEndpoint());
        CopierConfig config = CopierConfig.of(Mode.COPY,
                        new Bucket(original.endpoint(), "us-east-1", "revoked", "", true),
                        new Bucket(servers.destinationServer.endpoint(), "us-east-1", "revoked", "", true))
                .with(CopierSettings.CREDENTIALS_DIR, dir.resolve("credentials").toString()).with(CopierSettings.TERMINATION_LOG, null)
                .withAllowedAddresses(TwoServers.LOOPBACK, TwoServers.LOOPBACK_HOSTS).with(CopierSettings.CONCURRENCY, 2).with(CopierSettings.BANDWIDTH_LIMIT, 256L * 1024);
        Captured out = new Captured(false);
        CompletableFuture<Summary> run = CompletableFuture.supplyAsync(() -> Copier.run(config, out.stream()));
        long deadline = System.currentTimeMillis() + 30_000;
        while (servers.destination.listObjectsV2(b -> b.bucket("revoked")).keyCount() < 20 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        // revoke: the same server (same port, same data) now only knows another key
        original.close();
        S3ProxyServer rotated = S3ProxyServer.start("ROTATEDKEY0000EXAMPLE", "rotated-Secret-0000000000000000000000", port, store);
        try {
            long started = System.nanoTime();
            Summary summary = run.get(60, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - started) / 1e9;
            assertEquals(ExitCode.FATAL, summary.exitCode(), summary.message());
            assertEquals(Reason.InvalidAccessKeyId, summary.reason(), summary.message());
            assertTrue(summary.message().startsWith("source: InvalidAccessKeyId"), summary.message());
            assertTrue(summary.message().contains("source-access-key-id"), summary.message());
            assertTrue(summary.progress().objectsCopied() > 0 && summary.progress().objectsCopied() < 200, summary.progress().toString());
            assertFalse(out.text().contains(TwoServers.SOURCE_SECRET));
            System.out.printf("revoked mid-run: stopped %.1f s after revocation with %s after %d objects%n", seconds,
                    summary.reason(), summary.progress().objectsCopied());
        } finally {
            rotated.close();
        }
    }

    private static Map<String, Instant> destinationState(String bucket) {
        return servers.destination.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
                .collect(Collectors.toMap(S3Object::key, S3Object::lastModified));
    }
}
