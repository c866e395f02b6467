package io.s3migration.copier.s3servers;

import io.s3migration.copier.Copier;
import io.s3migration.copier.support.Captured;
import io.s3migration.copier.support.Corpus;
import io.s3migration.copier.support.CredentialsDir;
import io.s3migration.copier.support.Dataset;
import io.s3migration.copier.support.MinioServer;
import io.s3migration.copier.support.S3Endpoint;
import io.s3migration.copier.support.S3ProxyServer;
import io.s3migration.copier.support.TwoServers;
import io.s3migration.protocol.Bucket;
import io.s3migration.protocol.CopierConfig;
import io.s3migration.protocol.CopierSettings;
import io.s3migration.protocol.ExitCode;
import io.s3migration.protocol.Failure;
import io.s3migration.protocol.Mode;
import io.s3migration.protocol.Summary;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tricky-key and metadata corpus, byte-exact, on S3Proxy and on MinIO. Whatever the source server holds
 * must arrive under the identical key with identical bytes and headers, or be reported as a per-object failure
 * with the destination server's reason; nothing may be silently wrong.
 */
class KeyFidelityIT {

    @Test
    void s3ProxyToS3Proxy(@TempDir Path dir) throws Exception {
        try (S3ProxyServer src = S3ProxyServer.start(TwoServers.SOURCE_KEY, TwoServers.SOURCE_SECRET);
             S3ProxyServer dst = S3ProxyServer.start(TwoServers.DESTINATION_KEY, TwoServers.DESTINATION_SECRET)) {
            runCorpus("S3Proxy -> S3Proxy", src.asEndpoint(), dst.asEndpoint(), dir);
        }
    }

    @Test
    void minioToMinio(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(MinioServer.binary().isPresent(), MinioServer.skipReason());
        try (MinioServer src = MinioServer.start("minio-source-user", "minio-source-Secret-123", dir.resolve("src"));
             MinioServer dst = MinioServer.start("minio-destination-user", "minio-destination-Secret-456", dir.resolve("dst"))) {
            runCorpus("MinIO -> MinIO", src.asEndpoint(), dst.asEndpoint(), dir);
        }
    }

    @Test
    void minioToS3Proxy(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(MinioServer.binary().isPresent(), MinioServer.skipReason());
        try (MinioServer src = MinioServer.start("minio-source-user", "minio-source-Secret-123", dir.resolve("src"));
             S3ProxyServer dst = S3ProxyServer.start(TwoServers.DESTINATION_KEY, TwoServers.DESTINATION_SECRET)) {
            runCorpus("MinIO -> S3Proxy", src.asEndpoint(), dst.asEndpoint(), dir);
        }
    }

    @Test
    void s3ProxyToMinioReportsWhatTheDestinationRefuses(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(MinioServer.binary().isPresent(), MinioServer.skipReason());
        try (S3ProxyServer src = S3ProxyServer.start(TwoServers.SOURCE_KEY, TwoServers.SOURCE_SECRET);
             MinioServer dst = MinioServer.start("minio-destination-user", "minio-destination-Secret-456", dir.resolve("dst"))) {
            runCorpus("S3Proxy -> MinIO", src.asEndpoint(), dst.asEndpoint(), dir);
        }
    }

    static void runCorpus(String name, S3Endpoint srcEndpoint, S3Endpoint dstEndpoint, Path dir) throws Exception {
        try (S3Client source = srcEndpoint.plainClient(); S3Client destination = dstEndpoint.plainClient()) {
            source.createBucket(b -> b.bucket("corpus"));
            destination.createBucket(b -> b.bucket("corpus"));
            Random random = new Random(1);
            Map<String, byte[]> uploaded = new HashMap<>();
            List<String> sourceRejected = new ArrayList<>();
            for (String key : Corpus.trickyKeys()) {
                byte[] content = key.endsWith("/") ? new byte[0] : bytes(random, 1 + random.nextInt(3000));
                try {
                    source.putObject(b -> b.bucket("corpus").key(key).contentType("text/plain"), RequestBody.fromBytes(content));
                    uploaded.put(key, content);
                } catch (RuntimeException e) {
                    sourceRejected.add(key);
                }
            }
            Dataset.Item headers = Corpus.allHeaders(gzip("{\"hello\":\"world\"}".repeat(50)));
            source.putObject(b -> b.bucket("corpus").key(headers.key()).contentType(headers.contentType())
                    .cacheControl(headers.cacheControl()).contentDisposition(headers.contentDisposition())
                    .contentLanguage(headers.contentLanguage()).contentEncoding(Corpus.CONTENT_ENCODING)
                    .expires(Corpus.EXPIRES).metadata(headers.userMetadata()), RequestBody.fromBytes(headers.content()));
            byte[] many = bytes(random, 100);
            source.putObject(b -> b.bucket("corpus").key("meta/many-user-metadata").metadata(Corpus.manyUserMetadata()),
                    RequestBody.fromBytes(many));
            byte[] big = bytes(random, 11 * 1024 * 1024);
            Dataset.uploadMultipart(source, "corpus", "meta/multipart-source.bin", big, 5 * 1024 * 1024, Map.of("origin", "multipart"));

            List<S3Object> held = source.listObjectsV2Paginator(b -> b.bucket("corpus")).contents().stream().toList();
            CredentialsDir.write(dir.resolve("credentials"), srcEndpoint, dstEndpoint);
            CopierConfig config = CopierConfig.of(Mode.COPY, new Bucket(srcEndpoint.url(), "us-east-1", "corpus", "", true),
                            new Bucket(dstEndpoint.url(), "us-east-1", "corpus", "", true))
                    .with(CopierSettings.CREDENTIALS_DIR, dir.resolve("credentials").toString()).with(CopierSettings.TERMINATION_LOG, null)
                    .withAllowedAddresses(TwoServers.LOOPBACK, TwoServers.LOOPBACK_HOSTS).withMultipart(8 * CopierSettings.MIB, CopierSettings.MIN_PART_SIZE);

            Summary summary = Copier.run(config, new Captured(false).stream());

            Map<String, String> reported = summary.failures().stream().collect(Collectors.toMap(Failure::key, Failure::error, (a, b) -> a));
            Set<String> destinationKeys = destination.listObjectsV2Paginator(b -> b.bucket("corpus")).contents().stream()
                    .map(S3Object::key).collect(Collectors.toCollection(TreeSet::new));
            List<String> exact = new ArrayList<>();
            for (S3Object o : held) {
                String key = o.key();
                if (reported.containsKey(key)) {
                    assertFalse(reported.get(key).isBlank(), "a failure carries the server's reason: " + key);
                    continue;
                }
                assertTrue(destinationKeys.contains(key), name + ": '" + key + "' neither copied under the same key nor reported");
                var got = destination.getObjectAsBytes(b -> b.bucket("corpus").key(key));
                HeadObjectResponse expected = source.headObject(b -> b.bucket("corpus").key(key));
                assertArrayEquals(source.getObjectAsBytes(b -> b.bucket("corpus").key(key)).asByteArray(), got.asByteArray(), key);
                assertSameHeaders(key, expected, got.response());
                exact.add(key);
            }
            assertEquals(held.size(), exact.size() + reported.size(), summary.message());
            assertEquals(summary.failures().isEmpty() ? ExitCode.SUCCEEDED : ExitCode.PARTIAL, summary.exitCode(), summary.message());
            for (String key : uploaded.keySet()) {
                if (!Corpus.pathLike(key)) {
                    assertTrue(exact.contains(key), name + ": an ordinary tricky key must copy exactly: '" + key + "'");
                }
            }
            assertTrue(exact.containsAll(List.of(headers.key(), "meta/many-user-metadata", "meta/multipart-source.bin")));
            Set<String> heldKeys = held.stream().map(S3Object::key).collect(Collectors.toSet());
            List<String> rewrittenBySource = uploaded.keySet().stream().filter(k -> !heldKeys.contains(k)).sorted().toList();
            System.out.printf("%s: %d corpus keys; source server rejected %d %s, stored %d under another key %s; source held %d objects; "
                            + "copied byte-exact %d; reported as failures %d %s%n", name, Corpus.trickyKeys().size(), sourceRejected.size(),
                    printable(sourceRejected), rewrittenBySource.size(), printable(rewrittenBySource), held.size(), exact.size(), reported.size(), printable(reported.entrySet().stream()
                            .map(e -> e.getKey() + " -> " + e.getValue()).toList()));
        }
    }

    /** S3Proxy stores every key ending in '/' as a directory and answers with its own content type. */
    static final String DIRECTORY_TYPE = "application/x-directory";

    static void assertSameHeaders(String key, HeadObjectResponse s, GetObjectResponse d) {
        if (key.endsWith("/") && DIRECTORY_TYPE.equals(d.contentType()) && !DIRECTORY_TYPE.equals(s.contentType())) {
            System.out.println("known destination-server rewrite: folder marker '" + key + "' content type "
                    + s.contentType() + " -> " + d.contentType());
        } else if (!java.util.Objects.equals(s.contentType(), d.contentType())
                && mediaType(s.contentType()).equals(mediaType(d.contentType()))) {
            System.out.println("known destination-server rewrite: '" + key + "' content type '" + s.contentType()
                    + "' -> '" + d.contentType() + "' (same media type; S3Proxy's Jetty re-spaces parameters)");
        } else {
            assertEquals(s.contentType(), d.contentType(), key);
        }
        assertEquals(s.cacheControl(), d.cacheControl(), key);
        assertEquals(s.contentDisposition(), d.contentDisposition(), key);
        assertEquals(s.contentEncoding(), d.contentEncoding(), key);
        assertEquals(s.contentLanguage(), d.contentLanguage(), key);
        assertEquals(s.expires(), d.expires(), key);
        Map<String, String> meta = new HashMap<>(d.metadata());
        meta.remove("s3m-source-etag");
        assertEquals(s.metadata(), meta, key);
    }

    static String mediaType(String contentType) {
        return contentType == null ? "" : contentType.replaceAll("\\s*;\\s*", ";").toLowerCase(java.util.Locale.ROOT);
    }

    static String printable(List<String> items) {
        return items.stream().map(s -> s.replace("\t", "\\t")).map(s -> s.length() > 60 ? s.substring(0, 60) + "…" : s)
                .collect(Collectors.joining(" | ", "[", "]"));
    }

    static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    static byte[] gzip(String text) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
