package io.s3migration.copier.s3servers;

import io.s3migration.copier.Copier;
import io.s3migration.copier.errors.ErrorClassifier;
import io.s3migration.copier.support.CredentialsDir;
import io.s3migration.copier.support.Dataset;
import io.s3migration.copier.support.S3ProxyServer;
import io.s3migration.copier.support.ThrowawayCa;
import io.s3migration.copier.support.TwoServers;
import io.s3migration.protocol.Bucket;
import io.s3migration.protocol.CopierConfig;
import io.s3migration.protocol.CopierSettings;
import io.s3migration.protocol.ExitCode;
import io.s3migration.protocol.Mode;
import io.s3migration.protocol.Reason;
import io.s3migration.protocol.Summary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * S3M_CA_BUNDLE against a real https server: an embedded S3Proxy destination serving https with a certificate from
 * a CA made for this test (keytool). With that CA's PEM as the bundle the copy and a verify succeed; without it, or
 * with another CA's, the run fails as {@link Reason#TlsFailure} naming S3M_CA_BUNDLE; an unreadable bundle is
 * invalid input before anything is contacted.
 */
class CaBundleIT {
    @TempDir
    static Path pki;
    static ThrowawayCa ca;
    static ThrowawayCa otherCa;
    static S3ProxyServer source;
    static S3ProxyServer destination;
    static S3Client sourceClient;
    static S3Client destinationClient;

    @BeforeAll
    static void start() throws Exception {
        ca = ThrowawayCa.create(pki.resolve("ca"), "s3m-test");
        otherCa = ThrowawayCa.create(pki.resolve("other"), "s3m-other");
        source = S3ProxyServer.start(TwoServers.SOURCE_KEY, TwoServers.SOURCE_SECRET);
        destination = S3ProxyServer.startHttps(TwoServers.DESTINATION_KEY, TwoServers.DESTINATION_SECRET,
                ca.serverKeyStore(), ca.password());
        sourceClient = source.asEndpoint().plainClient();
        destinationClient = trustingClient(destination.endpoint(), ca);
    }

    @AfterAll
    static void stop() {
        destinationClient.close();
        sourceClient.close();
        destination.close();
        source.close();
    }

    @Test
    void withTheBundleTheCopyAndAVerifySucceed(@TempDir Path dir) {
        assertTrue(destination.endpoint().startsWith("https://127.0.0.1:"), destination.endpoint());
        String bucket = buckets("trusted");
        Dataset data = Dataset.standard(12, 0);
        data.uploadTo(sourceClient, bucket, "");
        CopierConfig copy = config(Mode.COPY, bucket, dir).with(CopierSettings.CA_BUNDLE, ca.caPem().toString());

        Summary copied = Copier.run(copy, quiet());
        assertEquals(ExitCode.SUCCEEDED, copied.exitCode(), copied.message());
        assertEquals(data.items().size(), copied.progress().objectsCopied());
        assertEquals(data.items().size(), destinationClient.listObjectsV2(b -> b.bucket(bucket)).keyCount());

        Summary verified = Copier.run(copy.with(CopierSettings.MODE, Mode.VERIFY), quiet());
        assertEquals(ExitCode.SUCCEEDED, verified.exitCode(), verified.message());
        assertEquals(data.items().size(), verified.verification().objectsMatched());
    }

    @Test
    void withoutTheBundleOrWithAnotherCaTheRunFailsOnTheCertificate(@TempDir Path dir) {
        String bucket = buckets("untrusted");
        Dataset.standard(3, 0).uploadTo(sourceClient, bucket, "");
        CopierConfig copy = config(Mode.COPY, bucket, dir);
        for (CopierConfig run : new CopierConfig[]{copy, copy.with(CopierSettings.CA_BUNDLE, otherCa.caPem().toString())}) {
            Summary failed = Copier.run(run, quiet());
            assertEquals(ExitCode.FATAL, failed.exitCode(), failed.message());
            assertEquals(Reason.TlsFailure, failed.reason(), failed.message());
            assertTrue(failed.message().contains("S3M_CA_BUNDLE"), failed.message());
            assertTrue(failed.message().contains(ErrorClassifier.UNTRUSTED_CERTIFICATE), failed.message());
            assertEquals(0, failed.progress().objectsCopied());
        }
        Summary preflight = Copier.run(copy.with(CopierSettings.MODE, Mode.PREFLIGHT), quiet());
        assertEquals(ExitCode.PREFLIGHT_FAILED, preflight.exitCode(), preflight.message());
        assertEquals(Reason.TlsFailure, preflight.reason(), preflight.message());
    }

    @Test
    void anUnreadableOrNonPemBundleIsInvalidInputNamingVariableAndPath(@TempDir Path dir) throws Exception {
        String bucket = buckets("invalid");
        Path notPem = Files.writeString(dir.resolve("bundle.txt"), "not a certificate\n");
        for (Path bad : new Path[]{dir.resolve("missing.pem"), notPem}) {
            Summary invalid = Copier.run(config(Mode.COPY, bucket, dir).with(CopierSettings.CA_BUNDLE, bad.toString()), quiet());
            assertEquals(ExitCode.INVALID_INPUT, invalid.exitCode(), invalid.message());
            assertEquals(Reason.InvalidInput, invalid.reason());
            assertTrue(invalid.message().contains("S3M_CA_BUNDLE '" + bad + "'"), invalid.message());
        }
    }

    private static String buckets(String name) {
        sourceClient.createBucket(b -> b.bucket(name));
        destinationClient.createBucket(b -> b.bucket(name));
        return name;
    }

    private static CopierConfig config(Mode mode, String bucket, Path dir) {
        CredentialsDir.write(dir.resolve("credentials"), source.asEndpoint(), destination.asEndpoint());
        return CopierConfig.of(mode, new Bucket(source.endpoint(), "us-east-1", bucket, "", true),
                        new Bucket(destination.endpoint(), "us-east-1", bucket, "", true))
                .with(CopierSettings.CREDENTIALS_DIR, dir.resolve("credentials").toString())
                .with(CopierSettings.TERMINATION_LOG, dir.resolve("termination-log").toString())
                .withAllowedAddresses(TwoServers.LOOPBACK, TwoServers.LOOPBACK_HOSTS);
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    /** The tests' own client (another HTTP stack than the copier's), trusting the server's chain from its key store. */
    private static S3Client trustingClient(String endpoint, ThrowawayCa ca) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ca.serverKeyStore())) {
            store.load(in, ca.password().toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        return S3Client.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(TwoServers.DESTINATION_KEY, TwoServers.DESTINATION_SECRET)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClient(UrlConnectionHttpClient.builder().tlsTrustManagersProvider(tmf::getTrustManagers).build())
                .build();
    }
}
