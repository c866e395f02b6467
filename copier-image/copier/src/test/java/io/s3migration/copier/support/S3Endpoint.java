package io.s3migration.copier.support;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.time.Duration;

/**
 * An S3 server the tests talk to, and a plain SDK client for it that shares nothing with the copier's code
 * (its own HTTP client implementation), used to seed data and to check results independently.
 */
public record S3Endpoint(String url, String accessKey, String secretKey) {

    public S3Client plainClient() {
        return plainClient(new ExecutionInterceptor[0]);
    }

    /** A plain client whose calls also pass through {@code interceptors}, for tests that inject a fault. */
    public S3Client plainClient(ExecutionInterceptor... interceptors) {
        return S3Client.builder()
                // Seeding and checking are fixtures, not the subject: more patient than the SDK's 3 retries (two CI
                // runs lost a seeding upload to "Error writing request body to server" four times in a row).
                .overrideConfiguration(c -> c.executionInterceptors(java.util.List.of(interceptors))
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(8)
                                .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(250), Duration.ofSeconds(4)))
                                .build()))
                .endpointOverride(URI.create(url))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
