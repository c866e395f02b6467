package io.s3migration.copier.support;

import io.s3migration.protocol.Bucket;
import io.s3migration.protocol.CopierConfig;
import io.s3migration.protocol.CopierSettings;
import io.s3migration.protocol.Mode;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** Two embedded S3Proxy servers with different (obviously fake) credentials: the source and the destination. */
public final class TwoServers implements AutoCloseable {
    public static final String SOURCE_KEY = "SRCTESTKEY000000EXAMPLE";
    public static final String SOURCE_SECRET = "source-Secret-for-tests-only-0123456789";
    public static final String DESTINATION_KEY = "DSTTESTKEY000000EXAMPLE";
    public static final String DESTINATION_SECRET = "destination-Secret-for-tests-only-98765";
    /** The test servers listen on loopback, which the copier refuses unless allowlisted. */
    public static final java.util.List<String> LOOPBACK = java.util.List.of("127.0.0.1/32");
    /** The embedded servers' host: the only one LOOPBACK is open to. */
    public static final java.util.List<String> LOOPBACK_HOSTS = java.util.List.of("127.0.0.1");
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    public final S3ProxyServer sourceServer = S3ProxyServer.start(SOURCE_KEY, SOURCE_SECRET);
    public final S3ProxyServer destinationServer = S3ProxyServer.start(DESTINATION_KEY, DESTINATION_SECRET);
    public final S3Client source = sourceServer.asEndpoint().plainClient();
    public final S3Client destination = destinationServer.asEndpoint().plainClient();

    /** A fresh bucket name on both servers, created on both. */
    public String newBuckets() {
        String name = "bucket-" + BUCKETS.incrementAndGet();
        source.createBucket(CreateBucketRequest.builder().bucket(name).build());
        destination.createBucket(CreateBucketRequest.builder().bucket(name).build());
        return name;
    }

    /** A copy config between {@code bucket} on both servers with credentials written under {@code dir}. */
    public CopierConfig config(Mode mode, String bucket, Path dir) {
        CredentialsDir.write(dir.resolve("credentials"), sourceServer.asEndpoint(), destinationServer.asEndpoint());
        return CopierConfig.of(mode,
                        new Bucket(sourceServer.endpoint(), "us-east-1", bucket, "", true),
                        new Bucket(destinationServer.endpoint(), "us-east-1", bucket, "", true))
                .with(CopierSettings.CREDENTIALS_DIR, dir.resolve("credentials").toString())
                .with(CopierSettings.TERMINATION_LOG, dir.resolve("termination-log").toString())
                .withAllowedAddresses(LOOPBACK, LOOPBACK_HOSTS);
    }

    @Override
    public void close() {
        source.close();
        destination.close();
        sourceServer.close();
        destinationServer.close();
    }
}
