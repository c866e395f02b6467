package io.s3migration.copier.client;

import io.s3migration.copier.net.PinnedResolver;
import io.s3migration.protocol.Bucket;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.auth.scheme.S3AuthSchemeProvider;
import software.amazon.awssdk.services.s3.endpoints.S3EndpointProvider;

import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import java.net.URI;
import java.time.Duration;
import java.security.GeneralSecurityException;
import java.util.Locale;
import java.util.function.Supplier;

/** Builds the S3 client for one side of a migration. */
public final class S3ClientFactory {
    private static final String DEFAULT_REGION = "us-east-1";
    /** The system property that sends every request through the SDK client's pipeline. */
    public static final String SDK_ONLY = "s3migration.copier.sdk-only";
    /** Both HTTP clients' (the SDK's and the direct path's). */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(120);

    private S3ClientFactory() {
    }

    /** Trusting the JVM's default CAs. */
    public static S3Client create(Bucket bucket, AwsCredentials credentials, int maxConnections, PinnedResolver resolver) {
        return create(bucket, credentials, maxConnections, resolver, null);
    }

    /**
     * {@code trust}: the trust managers for https ({@link TrustedCertificates#forRun}: the default CAs plus the run's
     * CA bundle); null: the JVM's default ones.
     */
    public static S3Client create(Bucket bucket, AwsCredentials credentials, int maxConnections, PinnedResolver resolver,
                                  TrustManager[] trust) {
        var builder = S3Client.builder()
                .region(Region.of(region(bucket)))
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .forcePathStyle(bucket.pathStyle())
                .httpClientBuilder(httpClient(bucket, maxConnections, resolver, trust))
                // the SDK's answers, cached (see ResolvedOnce); no SHA-256 of bodies (see UnsignedPayloadSigner); S3's
                // own interceptor adds no Expect: 100-continue either (see httpClient)
                .endpointProvider(ResolvedOnce.endpoints(S3EndpointProvider.defaultProvider()))
                .authSchemeProvider(ResolvedOnce.authSchemes(S3AuthSchemeProvider.defaultProvider()))
                .putAuthScheme(UnsignedPayloadSigner.authScheme())
                .serviceConfiguration(S3Configuration.builder().expectContinueEnabled(false).build());
        if (bucket.endpoint() != null) {
            URI endpoint = endpointUri(bucket.endpoint());
            builder.endpointOverride(endpoint);
            if (!isAws(endpoint)) {
                // SDK >= 2.30 sends flexible checksums by default; many S3-compatible servers reject them
                builder.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
            }
        }
        return builder.build();
    }

    /**
     * The copy loop's requests for {@code bucket} ({@link HotPath}): sent directly ({@link DirectHotPath}) on an HTTP
     * client of their own built like the SDK client's (same guard, trust and timeouts), or through {@code sdk} where the
     * direct path does not apply, or when the JVM runs with {@code -D}{@value #SDK_ONLY}{@code =true} (the switch to
     * fall back to if a storage service ever answers the direct requests differently).
     */
    public static HotPath hotPath(Bucket bucket, AwsCredentials credentials, int maxConnections, PinnedResolver resolver,
                                  TrustManager[] trust, Supplier<S3Client> sdk) {
        HotPath direct = Boolean.getBoolean(SDK_ONLY) ? null : DirectHotPath.forBucket(bucket, region(bucket), credentials,
                () -> DirectHttp.create(maxConnections, resolver, https(bucket) ? tls(trust) : null));
        return direct != null ? direct : HotPath.through(sdk);
    }

    private static ApacheHttpClient.Builder httpClient(Bucket bucket, int maxConnections, PinnedResolver resolver,
                                                       TrustManager[] trust) {
        ApacheHttpClient.Builder http = ApacheHttpClient.builder()
                .maxConnections(maxConnections)
                .dnsResolver(resolver) // the address guard; the SDK's Apache client follows no redirects
                .connectionTimeout(CONNECT_TIMEOUT)
                .socketTimeout(SOCKET_TIMEOUT)
                // no Expect: 100-continue, which the SDK's Apache client otherwise sends with every PUT and UploadPart
                // (S3Configuration's switch only stops S3's own interceptor): a round trip before each body
                .expectContinueEnabled(false);
        // plain http (an allowlisted in-cluster endpoint) needs no TLS context: none is built, no CA store read
        if (https(bucket)) {
            http.socketFactory(tls(trust)); // the direct path's too: the same trust and host name checks
        }
        return http;
    }

    private static boolean https(Bucket bucket) {
        return bucket.endpoint() == null || !"http".equalsIgnoreCase(endpointUri(bucket.endpoint()).getScheme());
    }

    /**
     * The https socket factory of both HTTP clients: native TLS (see NativeCrypto), or the JDK's where it does not load;
     * {@code trust} null: the JDK's default CAs.
     */
    private static ConnectionSocketFactory tls(TrustManager[] trust) {
        ConnectionSocketFactory nativeTls = NativeCrypto.tlsSocketFactory(trust);
        if (nativeTls != null) {
            return nativeTls;
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust, null); // null: the JDK's default CAs
            return new SSLConnectionSocketFactory(context, SSLConnectionSocketFactory.getDefaultHostnameVerifier());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static String region(Bucket bucket) {
        return bucket.region() == null ? DEFAULT_REGION : bucket.region();
    }

    /** An endpoint as a URI; a bare host name means https. */
    public static URI endpointUri(String endpoint) {
        String e = endpoint.trim();
        return URI.create(e.contains("://") ? e : "https://" + e);
    }

    /**
     * Whether both sides are served by the same S3 service (same endpoint and region), so that a server-side
     * copy can move the bytes without them passing through the copier.
     */
    public static boolean sameEndpoint(Bucket a, Bucket b) {
        if (!region(a).equals(region(b))) {
            return false;
        }
        if (a.endpoint() == null || b.endpoint() == null) {
            return a.endpoint() == null && b.endpoint() == null;
        }
        return normalized(endpointUri(a.endpoint())).equals(normalized(endpointUri(b.endpoint())));
    }

    private static String normalized(URI uri) {
        String scheme = uri.getScheme() == null ? "https" : uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : "http".equals(scheme) ? 80 : 443;
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
        return scheme + "://" + host + ":" + port + path;
    }

    public static boolean isAws(URI endpoint) {
        String host = endpoint.getHost() == null ? "" : endpoint.getHost().toLowerCase(Locale.ROOT);
        return host.endsWith(".amazonaws.com") || host.endsWith(".amazonaws.com.cn");
    }
}
