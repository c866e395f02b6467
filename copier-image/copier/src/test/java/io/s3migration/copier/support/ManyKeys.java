package io.s3migration.copier.support;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Seeds a bucket with many tiny objects fast: {@link #THREADS} PUTs at a time over a pooled connection per thread
 * (the plain test client's URL connections keep only a few alive). Each body is its key (a dozen bytes).
 */
public final class ManyKeys {
    static final int THREADS = 48;

    private ManyKeys() {
    }

    /** The key of object {@code i}: spread over 1000 "directories", zero-padded so that listing order is {@code i} order within one. */
    public static String key(int i) {
        return String.format(Locale.ROOT, "k/%03d/%06d", i % 1000, i);
    }

    /** Creates {@code bucket} at {@code endpoint} and puts {@code count} objects into it; returns the seconds it took. */
    public static double seed(S3Endpoint endpoint, String bucket, int count) throws Exception {
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try (S3Client s3 = pooledClient(endpoint)) {
            s3.createBucket(b -> b.bucket(bucket));
            List<Future<?>> slices = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int slice = t;
                slices.add(pool.submit(() -> {
                    for (int i = slice; i < count; i += THREADS) {
                        String key = key(i);
                        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(key));
                    }
                }));
            }
            for (Future<?> slice : slices) {
                slice.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return (System.nanoTime() - started) / 1e9;
    }

    private static S3Client pooledClient(S3Endpoint endpoint) {
        return S3Client.builder()
                .endpointOverride(URI.create(endpoint.url()))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(endpoint.accessKey(), endpoint.secretKey())))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(THREADS))
                .build();
    }
}
