package io.s3migration.copier.s3servers;

import io.s3migration.copier.Copier;
import io.s3migration.copier.support.Captured;
import io.s3migration.copier.support.Dataset;
import io.s3migration.copier.support.OnTwoServers;
import io.s3migration.protocol.Bucket;
import io.s3migration.protocol.CopierConfig;
import io.s3migration.protocol.CopierSettings;
import io.s3migration.protocol.ExitCode;
import io.s3migration.protocol.Mode;
import io.s3migration.protocol.Summary;
import io.s3migration.protocol.VerifyLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The copy options and transfer paths of issue 3 against embedded S3Proxy servers. */
class CopyOptionsIT extends OnTwoServers {
    @Test
    void sameEndpointCopiesServerSideIncludingMultipartAndReRunSkips(@TempDir Path dir) {
        String bucket = servers.newBuckets();
        String target = bucket + "-copy";
        servers.source.createBucket(CreateBucketRequest.builder().bucket(target).build());
        Dataset data = Dataset.standard(20, 12 * 1024 * 1024);
        data.uploadTo(servers.source, bucket, "");
        CopierConfig base = servers.config(Mode.COPY, bucket, dir);
        // both sides on the source server, with the source server's credentials
        io.s3migration.copier.support.CredentialsDir.write(Path.of(base.get(CopierSettings.CREDENTIALS_DIR)), servers.sourceServer.asEndpoint(), servers.sourceServer.asEndpoint());
        CopierConfig config = base.with(CopierSettings.DESTINATION, new Bucket(servers.sourceServer.endpoint(), "us-east-1", target, "", true))
                .withMultipart(8 * CopierSettings.MIB, CopierSettings.MIN_PART_SIZE);

        Summary summary = Copier.run(config, new Captured(false).stream());

        assertEquals(ExitCode.SUCCEEDED, summary.exitCode(), summary.message());
        assertTrue(summary.message().contains("server-side copy"), summary.message());
        assertEquals(data.items().size(), summary.progress().objectsCopied());
        for (Dataset.Item item : data.items()) {
            var got = servers.source.getObjectAsBytes(b -> b.bucket(target).key(item.key()));
            assertArrayEquals(item.content(), got.asByteArray(), item.key());
            assertEquals(item.userMetadata(), without(got.response().metadata(), "s3m-source-etag"), item.key());
        }
        Summary again = Copier.run(config, new Captured(false).stream());
        assertEquals(0, again.progress().objectsCopied(), again.message());
        assertEquals(data.items().size(), again.progress().objectsSkipped());
    }

    @Test
    void metadataPreservationCanBeTurnedOff(@TempDir Path dir) {
        String bucket = servers.newBuckets();
        Dataset data = Dataset.standard(0, 0);
        data.uploadTo(servers.source, bucket, "");
        Summary summary = Copier.run(servers.config(Mode.COPY, bucket, dir).with(CopierSettings.PRESERVE_METADATA, false), new Captured(false).stream());
        assertEquals(ExitCode.SUCCEEDED, summary.exitCode(), summary.message());
        var html = servers.destination.headObject(b -> b.bucket(bucket).key("docs/report.html"));
        assertEquals("text/html", html.contentType());
        assertEquals(Map.of(), html.metadata());
        assertNull(html.cacheControl());
        assertNull(html.contentDisposition());
    }

    @Test
    void sizeOnlyEvidenceSkipsSameSizeObjectsAndChecksumEvidenceDoesNot(@TempDir Path dir) {
        String bucket = servers.newBuckets();
        servers.source.putObject(b -> b.bucket(bucket).key("same-size"), RequestBody.fromString("new content"));
        servers.destination.putObject(b -> b.bucket(bucket).key("same-size"), RequestBody.fromString("old content"));
        CopierConfig config = servers.config(Mode.COPY, bucket, dir);
        Summary sizeOnly = Copier.run(config.with(CopierSettings.VERIFY, VerifyLevel.SIZE), new Captured(false).stream());
        assertEquals(1, sizeOnly.progress().objectsSkipped());
        Summary verifySize = Copier.run(config.with(CopierSettings.MODE, Mode.VERIFY).with(CopierSettings.VERIFY, VerifyLevel.SIZE), new Captured(false).stream());
        assertEquals(ExitCode.SUCCEEDED, verifySize.exitCode());
        Summary checksum = Copier.run(config, new Captured(false).stream());
        assertEquals(1, checksum.progress().objectsCopied());
        assertEquals("new content", servers.destination.getObjectAsBytes(b -> b.bucket(bucket).key("same-size")).asUtf8String());
    }

    @Test
    void bandwidthLimitCapsTheWholeRun(@TempDir Path dir) {
        String bucket = servers.newBuckets();
        Dataset data = new Dataset(3);
        for (int i = 0; i < 6; i++) {
            data.add("chunk-" + i, 512 * 1024, "application/octet-stream", Map.of());
        }
        data.uploadTo(servers.source, bucket, "");
        long started = System.nanoTime();
        Summary summary = Copier.run(servers.config(Mode.COPY, bucket, dir).with(CopierSettings.BANDWIDTH_LIMIT, 1024L * 1024), new Captured(false).stream());
        double seconds = (System.nanoTime() - started) / 1e9;
        assertEquals(ExitCode.SUCCEEDED, summary.exitCode(), summary.message());
        // 3 MiB at 1 MiB/s with a one-second burst allowance: at least ~2 s
        assertTrue(seconds >= 1.9, "took " + seconds + " s");
    }

    @Test
    void leftoverMultipartUploadOfAKilledRunIsAborted(@TempDir Path dir) {
        String bucket = servers.newBuckets();
        Dataset data = new Dataset(5).add("big.bin", 11 * 1024 * 1024, "application/octet-stream", Map.of());
        data.uploadTo(servers.source, bucket, "");
        String leftover = servers.destination.createMultipartUpload(b -> b.bucket(bucket).key("big.bin")).uploadId();
        servers.destination.uploadPart(b -> b.bucket(bucket).key("big.bin").uploadId(leftover).partNumber(1),
                RequestBody.fromBytes(new byte[5 * 1024 * 1024]));

        Summary summary = Copier.run(servers.config(Mode.COPY, bucket, dir).withMultipart(8 * CopierSettings.MIB, CopierSettings.MIN_PART_SIZE),
                new Captured(false).stream());

        assertEquals(ExitCode.SUCCEEDED, summary.exitCode(), summary.message());
        assertTrue(summary.message().contains("1 leftover multipart uploads aborted"), summary.message());
        assertEquals(0, servers.destination.listMultipartUploads(b -> b.bucket(bucket)).uploads().size());
        assertArrayEquals(data.items().get(0).content(), servers.destination.getObjectAsBytes(b -> b.bucket(bucket).key("big.bin")).asByteArray());
    }

    static Map<String, String> without(Map<String, String> m, String key) {
        Map<String, String> copy = new java.util.HashMap<>(m);
        copy.remove(key);
        return copy;
    }
}
