package io.s3migration.copier.support;

import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

import java.net.URI;
import java.util.Properties;

/** An embedded S3Proxy on 127.0.0.1 with an in-memory store and its own credentials. */
public final class S3ProxyServer implements AutoCloseable {
    private final S3Proxy proxy;
    private final String accessKey;
    private final String secretKey;

    private final boolean https;

    private S3ProxyServer(S3Proxy proxy, String accessKey, String secretKey, boolean https) {
        this.proxy = proxy;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.https = https;
    }

    /** Serving https only, with the key and certificate chain in a PKCS#12 {@code keyStore}. */
    public static S3ProxyServer startHttps(String accessKey, String secretKey, java.nio.file.Path keyStore, String password) {
        return start(accessKey, secretKey, 0, null, keyStore, password);
    }

    public static S3ProxyServer start(String accessKey, String secretKey) {
        return start(accessKey, secretKey, 0, null);
    }

    /** On a given port (0: any) and, when {@code directory} is set, with objects on disk so they survive a restart. */
    public static S3ProxyServer start(String accessKey, String secretKey, int port, java.nio.file.Path directory) {
        return start(accessKey, secretKey, port, directory, null, null);
    }

    private static S3ProxyServer start(String accessKey, String secretKey, int port, java.nio.file.Path directory,
                                       java.nio.file.Path keyStore, String password) {
        try {
            Properties properties = new Properties();
            if (directory != null) {
                properties.setProperty("jclouds.filesystem.basedir", directory.toString());
            }
            BlobStore store = BlobStores.create(directory == null ? "transient" : "filesystem", properties);
            S3Proxy.Builder builder = S3Proxy.builder()
                    .blobStore(store)
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey);
            if (keyStore == null) {
                builder.endpoint(URI.create("http://127.0.0.1:" + port));
            } else {
                builder.secureEndpoint(URI.create("https://127.0.0.1:" + port)).keyStore(keyStore.toString(), password);
            }
            S3Proxy proxy = builder.build();
            proxy.start();
            long deadline = System.currentTimeMillis() + 10_000;
            while (!"STARTED".equals(proxy.getState()) && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            return new S3ProxyServer(proxy, accessKey, secretKey, keyStore != null);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start S3Proxy", e);
        }
    }

    public int port() {
        return https ? proxy.getSecurePort() : proxy.getPort();
    }

    public String endpoint() {
        return (https ? "https" : "http") + "://127.0.0.1:" + port();
    }

    public S3Endpoint asEndpoint() {
        return new S3Endpoint(endpoint(), accessKey, secretKey);
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception ignored) {
            // test teardown
        }
    }
}
