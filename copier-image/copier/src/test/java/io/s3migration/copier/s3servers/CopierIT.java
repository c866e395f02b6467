package io.s3migration.copier.s3servers;

import io.s3migration.copier.Copier;
import io.s3migration.copier.errors.Classified;
import io.s3migration.copier.errors.ErrorClassifier;
import io.s3migration.copier.report.Output;
import io.s3migration.copier.report.Scrubber;
import io.s3migration.copier.run.CopyRun;
import io.s3migration.copier.run.PreflightRun;
import io.s3migration.copier.run.VerifyRun;
import io.s3migration.copier.side.Sides;
import io.s3migration.copier.support.Captured;
import io.s3migration.copier.support.CredentialsDir;
import io.s3migration.copier.support.Dataset;
import io.s3migration.copier.client.S3ClientFactory;
import io.s3migration.copier.support.OnTwoServers;
import io.s3migration.copier.support.RewritingProxy;
import io.s3migration.copier.support.TwoServers;
import io.s3migration.protocol.Bucket;
import io.s3migration.protocol.CopierConfig;
import io.s3migration.protocol.CopierSettings;
import io.s3migration.protocol.ExitCode;
import io.s3migration.protocol.Mode;
import io.s3migration.protocol.Progress;
import io.s3migration.protocol.ProtocolJson;
import io.s3migration.protocol.Reason;
import io.s3migration.protocol.Summary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The copier in-process against two embedded S3Proxy servers with different credentials. */
class CopierIT extends OnTwoServers {
    static final int LARGE = 21 * 1024 * 1024;
    static CopierConfig multipartConfig(Mode mode, String bucket, Path dir) {
        return servers.config(mode, bucket, dir)
                .withMultipart(8 * CopierSettings.MIB, CopierSettings.MIN_PART_SIZE)
                .with(CopierSettings.CONCURRENCY, 8)
                .with(CopierSettings.PROGRESS_INTERVAL, Duration.ofMillis(100));
    }

    @Test
    void copiesEverythingByteForByteThenSkipsEverythingOnRerunAndLeavesDestinationOnlyObjects(@TempDir Path dir) throws Exception {
        String bucket = servers.newBuckets();
        Dataset data = Dataset.standard(200, LARGE);
        data.uploadTo(servers.source, bucket, "");
        servers.destination.putObject(PutObjectRequest.builder().bucket(bucket).key("only-at-destination.txt").build(),
                RequestBody.fromString("keep me"));
        CopierConfig config = multipartConfig(Mode.COPY, bucket, dir);

        Captured out = new Captured(false);
        Summary first = Copier.run(config, out.stream());

        assertEquals(ExitCode.SUCCEEDED, first.exitCode(), first.message());
        int n = data.items().size();
        assertEquals(n, first.progress().objectsTotal());
        assertEquals(n, first.progress().objectsCopied());
        assertEquals(0, first.progress().objectsSkipped());
        assertEquals(data.totalBytes(), first.progress().bytesCopied());
        assertTrue(first.progress().sizingComplete());
        assertTrue(ProtocolJson.newestProgress(out.text()).isPresent(), "progress lines are parseable");
        assertTrue(out.text().lines().anyMatch(l -> l.startsWith("{\"type\":\"progress\"")), out.text());
        for (Dataset.Item item : data.items()) {
            assertSameObject(bucket, item);
        }
        HeadObjectResponse large = servers.destination.headObject(HeadObjectRequest.builder().bucket(bucket).key("big/large-object.bin").build());
        assertTrue(large.eTag().contains("-"), "the large object went multipart: " + large.eTag());
        HeadObjectResponse sourceLarge = servers.source.headObject(HeadObjectRequest.builder().bucket(bucket).key("big/large-object.bin").build());
        assertEquals(sourceLarge.eTag().replace("\"", ""), large.metadata().get("s3m-source-etag"));
        assertEquals("keep me", servers.destination.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket)
                .key("only-at-destination.txt").build()).asUtf8String());
        Summary fromFile = ProtocolJson.readSummary(Files.readString(dir.resolve("termination-log"))).orElseThrow();
        assertEquals(first.progress(), fromFile.progress());

        Captured again = new Captured(false);
        Summary second = Copier.run(config, again.stream());
        assertEquals(ExitCode.SUCCEEDED, second.exitCode(), second.message());
        assertEquals(0, second.progress().objectsCopied());
        assertEquals(n, second.progress().objectsSkipped(), "every object skipped, the multipart one by its recorded ETag");
        assertEquals(0, second.progress().bytesCopied());
        assertEquals(n + 1, servers.destination.listObjectsV2(ListObjectsV2Request.builder().bucket(bucket).build()).keyCount());

        Summary verify = Copier.run(config.with(CopierSettings.PROGRESS_INTERVAL, Duration.ofSeconds(5)).with(CopierSettings.TERMINATION_LOG, null), new Captured(false).stream());
        assertEquals(ExitCode.SUCCEEDED, verifyMode(verify, config).exitCode());
    }

    private Summary verifyMode(Summary ignored, CopierConfig config) {
        CopierConfig verify = config.with(CopierSettings.MODE, Mode.VERIFY);
        Summary summary = Copier.run(verify, new Captured(false).stream());
        assertNotNull(summary.verification());
        assertEquals(summary.progress().objectsTotal(), summary.verification().objectsMatched(), summary.message());
        return summary;
    }

    @Test
    void copiesAgainOnlyWhatChangedAndVerifyFindsMissingAndMismatched(@TempDir Path dir) {
        String bucket = servers.newBuckets();
        Dataset data = Dataset.standard(30, 0);
        data.uploadTo(servers.source, bucket, "");
        CopierConfig config = multipartConfig(Mode.COPY, bucket, dir);
        assertEquals(ExitCode.SUCCEEDED, Copier.run(config, new Captured(false).stream()).exitCode());

        // same size, different bytes: only the ETag tells
        Dataset.Item changed = data.items().get(5);
        byte[] other = changed.content().clone();
        other[0] ^= 1;
        servers.source.putObject(PutObjectRequest.builder().bucket(bucket).key(changed.key()).build(), RequestBody.fromBytes(other));
        servers.destination.deleteObject(b -> b.bucket(bucket).key(data.items().get(7).key()));

        CopierConfig verify = config.with(CopierSettings.MODE, Mode.VERIFY);
        Summary verified = Copier.run(verify, new Captured(false).stream());
        assertEquals(ExitCode.PARTIAL, verified.exitCode());
        assertEquals(Reason.VerificationFailed, verified.reason());
        assertEquals(1, verified.verification().objectsMissing());
        assertEquals(1, verified.verification().objectsMismatched());
        assertEquals(data.items().size() - 2, verified.verification().objectsMatched());

        Summary rerun = Copier.run(config, new Captured(false).stream());
        assertEquals(ExitCode.SUCCEEDED, rerun.exitCode());
        assertEquals(2, rerun.progress().objectsCopied());
        assertEquals(data.items().size() - 2, rerun.progress().objectsSkipped());
        assertArrayEquals(other, servers.destination.getObjectAsBytes(b -> b.bucket(bucket).key(changed.key())).asByteArray());
    }

    @Test
    void wrongSourceSecretFailsFastNamingTheCredentialProblemWithoutPrintingSecrets(@TempDir Path dir) throws Exception {
        String bucket = servers.newBuckets();
        Dataset.standard(20, 0).uploadTo(servers.source, bucket, "");
        CopierConfig config = multipartConfig(Mode.COPY, bucket, dir);
        String wrongSecret = "wrong-Source-Secret-value-0000000000000";
        CredentialsDir.write(Path.of(config.get(CopierSettings.CREDENTIALS_DIR)), TwoServers.SOURCE_KEY, wrongSecret,
                TwoServers.DESTINATION_KEY, TwoServers.DESTINATION_SECRET);

        Captured out = new Captured(false);
        long started = System.nanoTime();
        Summary summary = Copier.run(config, out.stream());
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertEquals(ExitCode.FATAL, summary.exitCode());
        assertEquals(Reason.SignatureDoesNotMatch, summary.reason());
        assertTrue(summary.message().contains("source"), summary.message());
        assertTrue(summary.message().contains("secret access key"), summary.message());
        assertTrue(summary.message().contains("source-secret-access-key"), summary.message());
        assertTrue(millis < 10_000, "fails fast, took " + millis + " ms");
        assertEquals(0, summary.progress().objectsCopied());
        String termination = Files.readString(dir.resolve("termination-log"));
        for (String text : new String[] {out.text(), termination}) {
            assertFalse(text.contains(wrongSecret), text);
            assertFalse(text.contains(TwoServers.SOURCE_SECRET), text);
            assertFalse(text.contains(TwoServers.DESTINATION_SECRET), text);
            assertFalse(text.contains(TwoServers.SOURCE_KEY), "access key only masked: " + text);
        }
        assertEquals(0, servers.destination.listObjectsV2(b -> b.bucket(bucket)).keyCount());
    }

    @Test
    void refusesLoopbackEndpointsUnlessAllowlisted(@TempDir Path dir) {
        String bucket = servers.newBuckets();
        servers.source.putObject(b -> b.bucket(bucket).key("one"), RequestBody.fromString("1"));
        CopierConfig config = servers.config(Mode.COPY, bucket, dir).withAllowedAddresses(java.util.List.of(), java.util.List.of());
        Summary refused = Copier.run(config, new Captured(false).stream());
        assertEquals(ExitCode.FATAL, refused.exitCode());
        assertEquals(Reason.BlockedAddress, refused.reason());
        assertTrue(refused.message().contains("127.0.0.1 is a loopback address"), refused.message());
        Summary preflight = Copier.run(config.with(CopierSettings.MODE, Mode.PREFLIGHT), new Captured(false).stream());
        assertEquals(ExitCode.PREFLIGHT_FAILED, preflight.exitCode());
        assertEquals(Reason.BlockedAddress, preflight.reason());
        assertEquals(0, servers.destination.listObjectsV2(b -> b.bucket(bucket)).keyCount());
    }

    @Test
    void preflightProvesListAndWriteAndLeavesNoProbe(@TempDir Path dir) {
        String bucket = servers.newBuckets();
        servers.source.putObject(b -> b.bucket(bucket).key("one"), RequestBody.fromString("1"));
        CopierConfig config = servers.config(Mode.PREFLIGHT, bucket, dir);
        Summary ok = Copier.run(config, new Captured(false).stream());
        assertEquals(ExitCode.SUCCEEDED, ok.exitCode(), ok.message());
        assertEquals(0, servers.destination.listObjectsV2(b -> b.bucket(bucket)).keyCount(), "probe deleted");

        Summary empty = Copier.run(config.with(CopierSettings.SOURCE, prefixed(config.source(), "nothing-here/")).with(CopierSettings.TERMINATION_LOG, null), new Captured(false).stream());
        assertEquals(ExitCode.PREFLIGHT_FAILED, empty.exitCode());
        assertEquals(Reason.EmptySource, empty.reason());

        Summary noBucket = Copier.run(config.with(CopierSettings.DESTINATION, named(config.destination(), "no-such-bucket")).with(CopierSettings.TERMINATION_LOG, null), new Captured(false).stream());
        assertEquals(ExitCode.PREFLIGHT_FAILED, noBucket.exitCode());
        assertEquals(Reason.NoSuchBucket, noBucket.reason());
        assertTrue(noBucket.message().startsWith("destination"), noBucket.message());
    }

    @Test
    void copiesBetweenDifferentPrefixesOnly(@TempDir Path dir) {
        String bucket = servers.newBuckets();
        Dataset data = Dataset.standard(10, 0);
        data.uploadTo(servers.source, bucket, "");
        CopierConfig base = servers.config(Mode.COPY, bucket, dir);
        CopierConfig config = base.with(CopierSettings.SOURCE, prefixed(base.source(), "data/"))
                .with(CopierSettings.DESTINATION, prefixed(base.destination(), "archive/2024/")).with(CopierSettings.TERMINATION_LOG, null);
        Summary summary = Copier.run(config, new Captured(false).stream());
        assertEquals(ExitCode.SUCCEEDED, summary.exitCode(), summary.message());
        assertEquals(10, summary.progress().objectsCopied());
        var keys = servers.destination.listObjectsV2(b -> b.bucket(bucket)).contents();
        assertEquals(10, keys.size());
        assertTrue(keys.stream().allMatch(o -> o.key().startsWith("archive/2024/file-")), keys.toString());
    }

    @Test
    void anExactKeyPrefixNeedsADestinationKeyAndNeverWritesAnEmptyKey(@TempDir Path dir) {
        String bucket = servers.newBuckets();
        Dataset.standard(3, 0).uploadTo(servers.source, bucket, "");
        CopierConfig base = servers.config(Mode.COPY, bucket, dir).with(CopierSettings.TERMINATION_LOG, null);
        String key = "data/file-0001.bin";

        Captured out = new Captured(false);
        Summary refused = Copier.run(base.with(CopierSettings.SOURCE, prefixed(base.source(), key)), out.stream());
        assertEquals(ExitCode.PARTIAL, refused.exitCode(), refused.message());
        assertEquals(1, refused.progress().objectsFailed());
        assertTrue(refused.failures().get(0).error().contains("set destination.prefix"), refused.failures().toString());
        // Named as it happened too, so a run stopped before its summary (a pause) still tells the operator.
        assertEquals(refused.failures(), ProtocolJson.failuresIn(out.text()));
        assertTrue(servers.destination.listObjectsV2(b -> b.bucket(bucket)).contents().isEmpty(), "nothing written");

        Summary copied = Copier.run(base.with(CopierSettings.SOURCE, prefixed(base.source(), key))
                .with(CopierSettings.DESTINATION, prefixed(base.destination(), "kept/" + key)), new Captured(false).stream());
        assertEquals(ExitCode.SUCCEEDED, copied.exitCode(), copied.message());
        var keys = servers.destination.listObjectsV2(b -> b.bucket(bucket)).contents();
        assertEquals(List.of("kept/" + key), keys.stream().map(o -> o.key()).toList());
    }

    @Test
    void keysThatLookLikeCredentialsStayExactInProgressCheckpointAndFailures(@TempDir Path dir) {
        String bucket = servers.newBuckets();
        // built at run time so the source holds no access-key-shaped literal
        String accessKeyShaped = "logs/AKIA" + "IOSFODNN7" + "EXAMPLE.gz";
        String labelled = "z/token=(1).txt";
        for (String key : List.of(accessKeyShaped, labelled)) {
            servers.source.putObject(PutObjectRequest.builder().bucket(bucket).key(key).build(), RequestBody.fromString(key));
        }
        CopierConfig config = servers.config(Mode.COPY, bucket, dir).with(CopierSettings.TERMINATION_LOG, null);

        Captured out = new Captured(false);
        Summary summary = Copier.run(config, out.stream());

        assertEquals(ExitCode.SUCCEEDED, summary.exitCode(), summary.message());
        assertEquals(labelled, summary.progress().lastKey(), "the checkpoint a resumed run would start after");
        assertEquals(labelled, ProtocolJson.newestProgress(out.text()).orElseThrow().lastKey(), out.text());
        assertEquals(List.of(accessKeyShaped, labelled), servers.destination.listObjectsV2(b -> b.bucket(bucket)).contents()
                .stream().map(o -> o.key()).toList());

        Summary resumed = Copier.run(config.withCheckpoint(accessKeyShaped, new io.s3migration.protocol.CheckpointCounts(1, 0, 0, 23)),
                new Captured(false).stream());
        assertEquals(ExitCode.SUCCEEDED, resumed.exitCode(), resumed.message());
        assertEquals(2, resumed.progress().objectsDone(), "one done before the checkpoint, one after it");
        assertEquals(1, resumed.progress().objectsSkipped(), "only the key after the checkpoint was looked at");
    }

    @Test
    void anErrorInAWorkerEndsTheRunAsFatalNamingTheObjectNeverAsSuccess(@TempDir Path dir) {
        String bucket = servers.newBuckets();
        Dataset.standard(12, 0).uploadTo(servers.source, bucket, "");
        CopierConfig config = servers.config(Mode.COPY, bucket, dir).with(CopierSettings.TERMINATION_LOG, null);
        String poisoned = "data/file-0005.bin";
        S3Client source = servers.sourceServer.asEndpoint().plainClient(
                failing(r -> r instanceof GetObjectRequest get && get.key().equals(poisoned),
                        () -> {
                            throw new OutOfMemoryError("simulated for a test");
                        }));
        S3Client destination = servers.destinationServer.asEndpoint().plainClient();

        Summary summary = copyThrough(new Sides(config, source, destination));

        assertEquals(ExitCode.FATAL, summary.exitCode(), summary.message());
        assertEquals(Reason.Internal, summary.reason());
        assertTrue(summary.message().contains(poisoned) && summary.message().contains("simulated for a test"), summary.message());
        assertTrue(summary.progress().lastKey() == null || summary.progress().lastKey().compareTo(poisoned) < 0,
                "the checkpoint stays before the object that did not finish: " + summary.progress().lastKey());
    }

    /**
     * Above the multipart threshold, an object whose source ETag is a plain MD5 goes as one PUT carrying that MD5 (up
     * to S3M_SINGLE_PUT_MAX, by default): the destination stores the source's own ETag, and a byte changed on the way
     * is refused by the destination (BadDigest), so nothing of it is stored. An object the source holds in parts
     * still goes in parts.
     */
    @Test
    void aLargeObjectWithAPlainMd5GoesAsOneCheckedPutAndOneHeldInPartsGoesInParts(@TempDir Path dir) throws Exception {
        String bucket = servers.newBuckets();
        java.util.Random random = new java.util.Random(16);
        byte[] onePut = new byte[12 * 1024 * 1024];
        byte[] inParts = new byte[12 * 1024 * 1024];
        random.nextBytes(onePut);
        random.nextBytes(inParts);
        servers.source.putObject(b -> b.bucket(bucket).key("large/one-put.bin"), RequestBody.fromBytes(onePut));
        Dataset.uploadMultipart(servers.source, bucket, "large/in-parts.bin", inParts, (int) CopierSettings.MIN_PART_SIZE, Map.of());
        CopierConfig defaults = servers.config(Mode.COPY, bucket, dir);
        assertEquals(1024 * CopierSettings.MIB, defaults.get(CopierSettings.SINGLE_PUT_MAX));
        CopierConfig config = defaults.withMultipart(8 * CopierSettings.MIB, CopierSettings.MIN_PART_SIZE)
                .with(CopierSettings.SINGLE_PUT_MAX, defaults.get(CopierSettings.SINGLE_PUT_MAX))
                .with(CopierSettings.TERMINATION_LOG, null);

        Summary summary = Copier.run(config, new Captured(false).stream());

        assertEquals(ExitCode.SUCCEEDED, summary.exitCode(), summary.message());
        assertEquals(2, summary.progress().objectsCopied());
        HeadObjectResponse one = servers.destination.headObject(b -> b.bucket(bucket).key("large/one-put.bin"));
        assertEquals(servers.source.headObject(b -> b.bucket(bucket).key("large/one-put.bin")).eTag(), one.eTag(),
                "one PUT: the destination's ETag is the source's MD5");
        assertFalse(one.metadata().containsKey("s3m-source-etag"), "nothing to record: the ETags are equal");
        assertTrue(servers.destination.headObject(b -> b.bucket(bucket).key("large/in-parts.bin")).eTag().contains("-"),
                "the object held in parts went in parts");
        assertArrayEquals(onePut, servers.destination.getObjectAsBytes(b -> b.bucket(bucket).key("large/one-put.bin")).asByteArray());
        assertArrayEquals(inParts, servers.destination.getObjectAsBytes(b -> b.bucket(bucket).key("large/in-parts.bin")).asByteArray());

        // The same object read through a proxy that changes one byte of it: the destination refuses every try.
        String changed = servers.newBuckets();
        servers.source.putObject(b -> b.bucket(changed).key("large/one-put.bin"), RequestBody.fromBytes(onePut));
        try (RewritingProxy flipping = new RewritingProxy(servers.sourceServer.port(), (request, response) -> {
            if (!request.method().equals("GET") || !request.path().endsWith("/large/one-put.bin") || response.status() != 200) {
                return response;
            }
            byte[] body = response.body().clone();
            body[body.length / 2] ^= 1;
            return new RewritingProxy.Response(response.status(), response.reason(), response.headers(), body);
        })) {
            Summary refused = Copier.run(servers.config(Mode.COPY, changed, dir.resolve("changed"))
                    .with(CopierSettings.SOURCE, new Bucket(flipping.endpoint(), "us-east-1", changed, "", true))
                    .withMultipart(8 * CopierSettings.MIB, CopierSettings.MIN_PART_SIZE)
                    .with(CopierSettings.SINGLE_PUT_MAX, defaults.get(CopierSettings.SINGLE_PUT_MAX))
                    .with(CopierSettings.TERMINATION_LOG, null), new Captured(false).stream());

            assertEquals(ExitCode.PARTIAL, refused.exitCode(), refused.message());
            assertEquals(List.of("large/one-put.bin"), refused.failures().stream().map(f -> f.key()).toList());
            assertTrue(refused.failures().get(0).error().contains("BadDigest"), refused.failures().toString());
            assertTrue(servers.destination.listObjectsV2(b -> b.bucket(changed)).contents().isEmpty(), "nothing stored");
        }
    }

    /**
     * Above S3M_SINGLE_PUT_MAX an object with a plain MD5 goes in parts that no source layout proves. The run asks the
     * destination whether it checks a trailing CRC32C (a part with a wrong one must be refused): S3Proxy takes it, so
     * each part's MD5 is compared here, as before, and the summary says why. The upload made to ask is aborted.
     * (MinioTierIT has the other answer.)
     */
    @Test
    void partsGoWithTheirMd5WhereTheDestinationTakesAWrongTrailingChecksum(@TempDir Path dir) throws Exception {
        String bucket = servers.newBuckets();
        byte[] content = new byte[12 * 1024 * 1024];
        new java.util.Random(40).nextBytes(content);
        servers.source.putObject(b -> b.bucket(bucket).key("large/plain.bin"), RequestBody.fromBytes(content));
        CopierConfig config = servers.config(Mode.COPY, bucket, dir).withMultipart(8 * CopierSettings.MIB, CopierSettings.MIN_PART_SIZE)
                .with(CopierSettings.SINGLE_PUT_MAX, 8 * CopierSettings.MIB)
                .with(CopierSettings.TERMINATION_LOG, null);

        Summary summary = Copier.run(config, new Captured(false).stream());

        assertEquals(ExitCode.SUCCEEDED, summary.exitCode(), summary.message());
        String why = System.getProperty(S3ClientFactory.SDK_ONLY) != null ? "requests go through the SDK client"
                : "a part with a wrong trailing CRC32C was taken";
        assertTrue(summary.message().endsWith("; parts' MD5 compared here: the destination does not check a trailing CRC32C ("
                + why + ")"), summary.message());
        long parts = (content.length + CopierSettings.MIN_PART_SIZE - 1) / CopierSettings.MIN_PART_SIZE;
        assertTrue(servers.destination.headObject(b -> b.bucket(bucket).key("large/plain.bin")).eTag().endsWith("-" + parts + "\""),
                "in parts of the configured size");
        assertArrayEquals(content, servers.destination.getObjectAsBytes(b -> b.bucket(bucket).key("large/plain.bin")).asByteArray());
        assertTrue(servers.destination.listMultipartUploads(b -> b.bucket(bucket)).uploads().isEmpty(),
                "the upload made to ask was aborted");
    }

    @Test
    void aMultipartObjectThatFailsLeavesNoneOfItsBytesInTheCopiedTotal(@TempDir Path dir) {
        String bucket = servers.newBuckets();
        Dataset data = Dataset.standard(6, LARGE);
        data.uploadTo(servers.source, bucket, "");
        CopierConfig config = multipartConfig(Mode.COPY, bucket, dir).with(CopierSettings.TERMINATION_LOG, null);
        String large = "big/large-object.bin";
        S3Client source = servers.sourceServer.asEndpoint().plainClient();
        S3Client destination = servers.destinationServer.asEndpoint().plainClient(
                failing(r -> r instanceof UploadPartRequest part && part.partNumber() == 3,
                        () -> {
                            throw s3Error(400, "InvalidPart");
                        }));

        Summary summary = copyThrough(new Sides(config, source, destination));

        assertEquals(ExitCode.PARTIAL, summary.exitCode(), summary.message());
        assertEquals(List.of(large), summary.failures().stream().map(f -> f.key()).toList());
        long largeSize = data.items().stream().filter(i -> i.key().equals(large)).findFirst().orElseThrow().content().length;
        assertEquals(data.totalBytes() - largeSize, summary.progress().bytesCopied(),
                "the parts of the failed object that did upload are not counted as copied");
        assertFalse(servers.destination.listObjectsV2(b -> b.bucket(bucket)).contents().stream()
                .anyMatch(o -> o.key().equals(large)), "the failed object is not at the destination");
    }

    @Test
    void anObjectVerifyCannotReadIsADifferenceOfThatObjectNotTheEndOfTheRun(@TempDir Path dir) {
        String bucket = servers.newBuckets();
        Dataset data = Dataset.standard(5, LARGE);
        data.uploadTo(servers.source, bucket, "");
        CopierConfig config = multipartConfig(Mode.COPY, bucket, dir).with(CopierSettings.TERMINATION_LOG, null);
        assertEquals(ExitCode.SUCCEEDED, Copier.run(config, new Captured(false).stream()).exitCode());
        String large = "big/large-object.bin"; // multipart at the destination: verify reads its recorded source ETag
        S3Client destination = servers.destinationServer.asEndpoint().plainClient(
                failing(r -> r instanceof HeadObjectRequest head && head.key().equals(large),
                        () -> {
                            throw s3Error(400, "InvalidRequest");
                        }));

        Summary summary = verifyThrough(new Sides(config.with(CopierSettings.MODE, Mode.VERIFY), servers.sourceServer.asEndpoint().plainClient(), destination));

        assertEquals(ExitCode.PARTIAL, summary.exitCode(), summary.message());
        assertEquals(Reason.VerificationFailed, summary.reason());
        assertEquals(data.items().size() - 1, summary.verification().objectsMatched());
        assertEquals(1, summary.verification().objectsMismatched());
        assertEquals(large, summary.failures().get(0).key());
        assertTrue(summary.failures().get(0).error().startsWith("could not be checked: destination: InvalidRequest"),
                summary.failures().toString());
    }

    @Test
    void kmsEncryptedObjectsWhoseETagsAreNotMd5sCopyWithoutFalseDigestErrors(@TempDir Path dir) {
        String bucket = servers.newBuckets();
        Dataset data = Dataset.standard(4, 0);
        data.uploadTo(servers.source, bucket, "");
        CopierConfig config = servers.config(Mode.COPY, bucket, dir).with(CopierSettings.TERMINATION_LOG, null);
        // What SSE-KMS gives on AWS: 32 hex digits that are not the MD5 of the bytes, on both sides.
        String opaque = "\"0123456789abcdef0123456789abcdef\"";
        ExecutionInterceptor kmsAnswers = new ExecutionInterceptor() {
            @Override
            public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
                if (context.response() instanceof GetObjectResponse got) {
                    return got.toBuilder().serverSideEncryption(ServerSideEncryption.AWS_KMS).eTag(opaque).build();
                }
                if (context.response() instanceof PutObjectResponse put) {
                    return put.toBuilder().serverSideEncryption(ServerSideEncryption.AWS_KMS).eTag(opaque).build();
                }
                return context.response();
            }
        };

        Summary summary = copyThrough(new Sides(config, servers.sourceServer.asEndpoint().plainClient(kmsAnswers),
                servers.destinationServer.asEndpoint().plainClient(kmsAnswers)));

        assertEquals(ExitCode.SUCCEEDED, summary.exitCode(), summary.message() + " " + summary.failures());
        assertEquals(data.items().size(), summary.progress().objectsCopied());
        for (Dataset.Item item : data.items()) {
            assertSameObject(bucket, item);
        }
    }

    @Test
    void accessDeniedOnOneObjectFailsThatObjectButDeniedOnEveryObjectStopsTheRun(@TempDir Path dir) {
        String bucket = servers.newBuckets();
        Dataset data = Dataset.standard(CopyRun.MAX_FAILED_IN_A_ROW + 10, 0);
        data.uploadTo(servers.source, bucket, "");
        CopierConfig config = servers.config(Mode.COPY, bucket, dir).with(CopierSettings.TERMINATION_LOG, null).with(CopierSettings.CONCURRENCY, 2);
        String denied = "data/file-0003.bin";

        Summary one = copyThrough(new Sides(config, servers.sourceServer.asEndpoint().plainClient(),
                servers.destinationServer.asEndpoint().plainClient(denyPuts(key -> key.equals(denied)))));
        assertEquals(ExitCode.PARTIAL, one.exitCode(), one.message());
        assertEquals(List.of(denied), one.failures().stream().map(f -> f.key()).toList());
        assertTrue(one.failures().get(0).error().startsWith("destination: AccessDenied"), one.failures().toString());
        assertEquals(data.items().size() - 1, one.progress().objectsCopied());

        String other = servers.newBuckets();
        data.uploadTo(servers.source, other, "");
        CopierConfig all = servers.config(Mode.COPY, other, dir).with(CopierSettings.TERMINATION_LOG, null).with(CopierSettings.CONCURRENCY, 2);
        Summary every = copyThrough(new Sides(all, servers.sourceServer.asEndpoint().plainClient(),
                servers.destinationServer.asEndpoint().plainClient(denyPuts(key -> true))));
        assertStoppedAfterFailuresInARow(every, Reason.AccessDenied, data.items().size());
    }

    @Test
    void theSummaryListsAsManyFailuresAndDifferencesAsMaxFailuresSays(@TempDir Path dir) {
        String bucket = servers.newBuckets();
        Dataset data = Dataset.standard(30, 0);
        data.uploadTo(servers.source, bucket, "");
        CopierConfig config = servers.config(Mode.COPY, bucket, dir).with(CopierSettings.TERMINATION_LOG, null);
        // every PUT refused for a reason of that object (not one that stops the run after 50 in a row)
        ExecutionInterceptor refuseEveryPut = failing(r -> r instanceof PutObjectRequest, () -> {
            throw s3Error(400, "InvalidArgument");
        });

        Summary byDefault = copyThrough(new Sides(config, servers.sourceServer.asEndpoint().plainClient(),
                servers.destinationServer.asEndpoint().plainClient(refuseEveryPut)));
        int objects = data.items().size();
        assertTrue(objects > 25, "more objects than either limit");
        assertEquals(objects, byDefault.progress().objectsFailed(), byDefault.message());
        assertEquals(CopierSettings.DEFAULT_MAX_FAILURES, byDefault.failures().size());

        CopierConfig more = config.with(CopierSettings.MAX_FAILURES, 25);
        Summary copy = copyThrough(new Sides(more, servers.sourceServer.asEndpoint().plainClient(),
                servers.destinationServer.asEndpoint().plainClient(refuseEveryPut)));
        assertEquals(ExitCode.PARTIAL, copy.exitCode(), copy.message());
        assertEquals(25, copy.failures().size());

        // the destination holds none of them: verify finds them all missing and names 25
        Summary verify = verifyThrough(new Sides(more.with(CopierSettings.MODE, Mode.VERIFY), servers.sourceServer.asEndpoint().plainClient(),
                servers.destinationServer.asEndpoint().plainClient()));
        assertEquals(objects, verify.verification().objectsMissing(), verify.message());
        assertEquals(25, verify.failures().size());
    }

    @Test
    void aDestinationThatCannotBeReachedForObjectAfterObjectStopsTheRun(@TempDir Path dir) {
        String bucket = servers.newBuckets();
        Dataset data = Dataset.standard(CopyRun.MAX_FAILED_IN_A_ROW + 10, 0);
        data.uploadTo(servers.source, bucket, "");
        CopierConfig config = servers.config(Mode.COPY, bucket, dir).with(CopierSettings.TERMINATION_LOG, null).with(CopierSettings.CONCURRENCY, 8);
        S3Client down = servers.destinationServer.asEndpoint().plainClient(
                failing(r -> r instanceof PutObjectRequest, () -> {
                    throw SdkClientException.create("Unable to execute HTTP request", new java.net.ConnectException("refused"));
                }));

        Summary summary = copyThrough(new Sides(config, servers.sourceServer.asEndpoint().plainClient(), down));

        assertStoppedAfterFailuresInARow(summary, Reason.EndpointUnreachable, data.items().size());
    }

    @Test
    void preflightProvesTheSourceObjectsCanBeRead(@TempDir Path dir) {
        String bucket = servers.newBuckets();
        Dataset.standard(2, 0).uploadTo(servers.source, bucket, "");
        CopierConfig config = servers.config(Mode.PREFLIGHT, bucket, dir).with(CopierSettings.TERMINATION_LOG, null);
        S3Client listOnly = servers.sourceServer.asEndpoint().plainClient(
                failing(r -> r instanceof HeadObjectRequest || r instanceof GetObjectRequest,
                        () -> {
                            throw s3Error(403, "AccessDenied");
                        }));

        RuntimeException refused;
        try (Sides sides = new Sides(config, listOnly, servers.destinationServer.asEndpoint().plainClient())) {
            refused = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, () -> new PreflightRun(sides).run());
        }
        Classified c = ErrorClassifier.classify(refused);
        assertEquals(Reason.AccessDenied, c.reason());
        assertTrue(c.detail().startsWith("source: AccessDenied"), c.detail());
    }

    /** The run ended for {@code reason} once that many objects in a row had failed so, before the last was tried. */
    private static void assertStoppedAfterFailuresInARow(Summary summary, Reason reason, int listed) {
        assertEquals(ExitCode.FATAL, summary.exitCode(), summary.message());
        assertEquals(reason, summary.reason());
        long failed = summary.progress().objectsFailed();
        assertTrue(failed >= CopyRun.MAX_FAILED_IN_A_ROW - 1 && failed < listed, summary.progress().toString());
    }

    /** A destination answering AccessDenied to the PutObjects of the keys {@code denied} picks. */
    private static ExecutionInterceptor denyPuts(Predicate<String> denied) {
        return failing(r -> r instanceof PutObjectRequest put && denied.test(put.key()), () -> {
            throw s3Error(403, "AccessDenied");
        });
    }

    /** A client-side fault: {@code raise} throws before any request {@code which} picks is sent. */
    private static ExecutionInterceptor failing(Predicate<SdkRequest> which, Runnable raise) {
        return new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (which.test(context.request())) {
                    raise.run();
                }
            }
        };
    }

    private static S3Exception s3Error(int status, String code) {
        return (S3Exception) S3Exception.builder().statusCode(status).message(code + " for a test")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build()).build();
    }

    /**
     * Objects uploaded in parts below the copier's multipart threshold (the AWS CLI uses 8 MiB parts) are copied in one
     * PUT, so the copy's ETag can never equal the source's: the recorded source ETag lets a re-run skip them.
     */
    @Test
    void objectsUploadedInPartsButCopiedInOnePutAreSkippedOnReRun(@TempDir Path dir) {
        String bucket = servers.newBuckets();
        Dataset data = Dataset.standard(3, 0);
        data.uploadTo(servers.source, bucket, "");
        byte[] content = data.bytes(11 * 1024 * 1024);
        Dataset.uploadMultipart(servers.source, bucket, "cli/uploaded-in-parts.bin", content, (int) CopierSettings.MIN_PART_SIZE, Map.of());
        CopierConfig config = servers.config(Mode.COPY, bucket, dir).with(CopierSettings.TERMINATION_LOG, null); // threshold 64 MiB
        int n = data.items().size() + 1;

        Summary first = Copier.run(config, new Captured(false).stream());
        assertEquals(n, first.progress().objectsCopied(), first.message());
        assertArrayEquals(content, servers.destination.getObjectAsBytes(b -> b.bucket(bucket).key("cli/uploaded-in-parts.bin")).asByteArray());
        HeadObjectResponse copy = servers.destination.headObject(b -> b.bucket(bucket).key("cli/uploaded-in-parts.bin"));
        assertFalse(copy.eTag().contains("-"), "copied in one PUT: " + copy.eTag());

        Summary again = Copier.run(config, new Captured(false).stream());
        assertEquals(ExitCode.SUCCEEDED, again.exitCode(), again.message());
        assertEquals(0, again.progress().objectsCopied(), "nothing copied again: " + again.message());
        assertEquals(n, again.progress().objectsSkipped());
        Summary verified = Copier.run(config.with(CopierSettings.MODE, Mode.VERIFY), new Captured(false).stream());
        assertEquals(n, verified.verification().objectsMatched(), verified.message());
    }

    @Test
    void listedObjectsThatDidNotFinishAreNeverReportedAsSuccess() {
        Progress allDone = new Progress(true, 5, 3, 1, 1, 50, 30, 1, "k");
        assertTrue(CopyRun.unfinished(allDone, List.of()).isEmpty());
        Progress oneMissing = new Progress(true, 5, 3, 1, 0, 50, 30, 1, "k");
        Summary summary = CopyRun.unfinished(oneMissing, List.of()).orElseThrow();
        assertEquals(ExitCode.FATAL, summary.exitCode());
        assertEquals(Reason.Internal, summary.reason());
        assertTrue(summary.message().startsWith("1 of 5 listed objects did not finish"), summary.message());
    }

    /** A copy run in-process through the given clients (test clients with injected faults), closed after. */
    static Summary copyThrough(Sides sides) {
        try (sides) {
            return new CopyRun(sides, new Output(new Captured(false).stream(), Scrubber.generic())).run();
        }
    }

    static Summary verifyThrough(Sides sides) {
        try (sides) {
            return new VerifyRun(sides, new Output(new Captured(false).stream(), Scrubber.generic())).run();
        }
    }

    static Bucket prefixed(Bucket b, String prefix) {
        return new Bucket(b.endpoint(), b.region(), b.bucket(), prefix, b.pathStyle());
    }

    static Bucket named(Bucket b, String bucket) {
        return new Bucket(b.endpoint(), b.region(), bucket, b.prefix(), b.pathStyle());
    }

    /** Bytes equal to what was generated; headers and user metadata equal to what the source server holds. */
    private static void assertSameObject(String bucket, Dataset.Item item) {
        var got = servers.destination.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(item.key()).build());
        assertArrayEquals(item.content(), got.asByteArray(), item.key());
        var r = got.response();
        HeadObjectResponse s = servers.source.headObject(HeadObjectRequest.builder().bucket(bucket).key(item.key()).build());
        assertEquals(s.contentType(), r.contentType(), item.key());
        assertEquals(item.cacheControl(), r.cacheControl(), item.key());
        assertEquals(item.contentDisposition(), r.contentDisposition(), item.key());
        assertEquals(item.contentLanguage(), r.contentLanguage(), item.key());
        Map<String, String> meta = new java.util.HashMap<>(r.metadata());
        meta.remove("s3m-source-etag");
        assertEquals(item.userMetadata(), meta, item.key());
        assertEquals(s.metadata(), meta, item.key());
    }
}
