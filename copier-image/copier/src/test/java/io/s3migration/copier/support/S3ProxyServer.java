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

    private S3ProxyServer(S3Proxy proxy, String accessKey, String secretKey) {
        this.proxy = proxy;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    public static S3ProxyServer start(String accessKey, String secretKey) {
        return start(accessKey, secretKey, 0, null);
    }

    /** On a given port (0: any) and, when {@code directory} is set, with objects on disk so they survive a restart. */
    public static S3ProxyServer start(String accessKey, String secretKey, int port, java.nio.file.Path directory) {
        try {
            Properties properties = new Properties();
            if (directory != null) {
                properties.setProperty("jclouds.filesystem.basedir", directory.toString());
            }
            BlobStore store = BlobStores.create(directory == null ? "transient" : "filesystem", properties);
            S3Proxy proxy = S3Proxy.builder()
                    .blobStore(store)
                    .endpoint(URI.create("http://127.0.0.1:" + port))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                    .build();
            proxy.start();
            long deadline = System.currentTimeMillis() + 10_000;
            while (!"STARTED".equals(proxy.getState()) && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            return new S3ProxyServer(proxy, accessKey, secretKey);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start S3Proxy", e);
        }
    }

    public int port() {
        return proxy.getPort();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
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
