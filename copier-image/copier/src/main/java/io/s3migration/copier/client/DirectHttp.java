package io.s3migration.copier.client;

import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpEntityEnclosingRequestBase;
import org.apache.http.client.methods.HttpRequestBase;
import org.apache.http.config.ConnectionConfig;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.config.SocketConfig;
import org.apache.http.conn.DnsResolver;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.socket.PlainConnectionSocketFactory;
import org.apache.http.entity.AbstractHttpEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The direct request path's HTTP: Apache HttpClient 4 (the library under the SDK's own HTTP client) set up as
 * {@link S3ClientFactory} sets up the SDK's: the address guard as its DNS resolver, the run's TLS, the same timeouts,
 * no redirects, no retries of its own, no {@code Expect: 100-continue}, no proxy (with a proxy configured the direct
 * path is not used: see {@link DirectHotPath#forBucket}). What differs is the size of every read and write: 64 KiB
 * where the SDK's client copies bodies 4 KiB and flushes 8 KiB at a time, so TLS sends full 16 KiB records and a
 * megabyte costs a fraction of the system calls.
 */
final class DirectHttp implements AutoCloseable {
    static final int BUFFER = 64 * 1024;
    /** A TLS record's most plaintext: per connection, in and out (64 workers keep ~130 connections). */
    static final int CONNECTION_BUFFER = 16 * 1024;

    private final CloseableHttpClient client;

    private DirectHttp(CloseableHttpClient client) {
        this.client = client;
    }

    /**
     * {@code tls}: the https socket factory (host names checked; null: plain http only); {@code resolver}: the address
     * guard.
     */
    static DirectHttp create(int maxConnections, DnsResolver resolver, ConnectionSocketFactory tls) {
        RegistryBuilder<ConnectionSocketFactory> schemes = RegistryBuilder.<ConnectionSocketFactory>create()
                .register("http", PlainConnectionSocketFactory.getSocketFactory());
        if (tls != null) {
            schemes.register("https", tls);
        }
        PoolingHttpClientConnectionManager connections = new PoolingHttpClientConnectionManager(schemes.build(),
                null, null, resolver, -1, TimeUnit.MILLISECONDS);
        connections.setMaxTotal(maxConnections);
        connections.setDefaultMaxPerRoute(maxConnections);
        connections.setDefaultSocketConfig(SocketConfig.custom()
                .setSoTimeout((int) S3ClientFactory.SOCKET_TIMEOUT.toMillis()).setTcpNoDelay(true).build());
        // A connection's own buffers hold one TLS record: bodies move in BUFFER steps past them, straight to the socket
        connections.setDefaultConnectionConfig(ConnectionConfig.custom()
                .setBufferSize(CONNECTION_BUFFER).setFragmentSizeHint(CONNECTION_BUFFER).build());
        CloseableHttpClient client = HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectTimeout((int) S3ClientFactory.CONNECT_TIMEOUT.toMillis())
                        .setConnectionRequestTimeout((int) S3ClientFactory.CONNECT_TIMEOUT.toMillis())
                        .setSocketTimeout((int) S3ClientFactory.SOCKET_TIMEOUT.toMillis())
                        .setExpectContinueEnabled(false)
                        .setRedirectsEnabled(false)
                        .setNormalizeUri(false) // the key as signed: "a//b" and "%2B" stay as they are
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableContentCompression()
                .disableAuthCaching()
                .disableConnectionState()
                .setUserAgent("s3-migration-copier")
                .build();
        return new DirectHttp(client);
    }

    /**
     * Sends a signed request (its body from {@code body}, null: none) and returns the answer with its body still to
     * read: closing that body returns the connection to the pool, aborting it drops the connection.
     */
    HttpExecuteResponse execute(SdkHttpRequest signed, ContentStreamProvider body) throws IOException {
        HttpRequestBase request = request(signed);
        for (Map.Entry<String, List<String>> header : signed.headers().entrySet()) {
            // the client writes Host and Content-Length itself (from the URL and the body): the same values as signed
            if (!header.getKey().equalsIgnoreCase("Host") && !header.getKey().equalsIgnoreCase("Content-Length")) {
                for (String value : header.getValue()) {
                    request.addHeader(header.getKey(), value);
                }
            }
        }
        if (body != null) {
            long length = signed.firstMatchingHeader("Content-Length").map(Long::parseLong)
                    .orElseThrow(() -> new IllegalArgumentException("a request body needs its Content-Length"));
            ((HttpEntityEnclosingRequestBase) request).setEntity(new StreamedBody(body, length));
        }
        CloseableHttpResponse response = client.execute(request);
        SdkHttpResponse.Builder answer = SdkHttpResponse.builder()
                .statusCode(response.getStatusLine().getStatusCode())
                .statusText(response.getStatusLine().getReasonPhrase());
        for (Header h : response.getAllHeaders()) {
            answer.appendHeader(h.getName(), h.getValue()); // into the builder's case-insensitive map, not via a copy
        }
        HttpEntity entity = response.getEntity();
        InputStream content = entity == null ? InputStream.nullInputStream() : entity.getContent();
        return HttpExecuteResponse.builder()
                .response(answer.build())
                .responseBody(AbortableInputStream.create(content, request::abort))
                .build();
    }

    private static HttpRequestBase request(SdkHttpRequest signed) {
        URI uri = signed.getUri();
        if (uri.getRawPath().contains("//")) {
            // as the SDK's HTTP client sends it: "a//b" would otherwise reach some servers as "a/b"
            uri = URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath().replace("//", "/%2F")
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        }
        return switch (signed.method()) {
            case GET -> new org.apache.http.client.methods.HttpGet(uri);
            case PUT -> new org.apache.http.client.methods.HttpPut(uri);
            case HEAD -> new org.apache.http.client.methods.HttpHead(uri);
            default -> throw new IllegalArgumentException("the direct path sends GET, HEAD and PUT only, not " + signed.method());
        };
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            // closing pooled connections: nothing is left to lose
        }
    }

    /** A body read from its provider as it is sent, in 64 KiB steps; again from the start if it is ever sent again. */
    private static final class StreamedBody extends AbstractHttpEntity {
        private final ContentStreamProvider provider;
        private final long length;

        StreamedBody(ContentStreamProvider provider, long length) {
            this.provider = provider;
            this.length = length;
        }

        @Override
        public boolean isRepeatable() {
            return true;
        }

        @Override
        public long getContentLength() {
            return length;
        }

        @Override
        public InputStream getContent() {
            return provider.newStream();
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            byte[] buffer = new byte[(int) Math.max(1, Math.min(BUFFER, length))]; // a 4 KiB object needs no 64 KiB
            try (InputStream in = provider.newStream()) {
                long left = length;
                while (left > 0) {
                    int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                    if (n < 0) {
                        throw new IOException("the body ended " + left + " bytes before its Content-Length");
                    }
                    out.write(buffer, 0, n);
                    left -= n;
                }
            }
        }

        @Override
        public boolean isStreaming() {
            return false;
        }
    }
}
