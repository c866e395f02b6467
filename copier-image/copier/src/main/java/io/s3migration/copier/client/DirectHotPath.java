package io.s3migration.copier.client;

import io.s3migration.copier.errors.Retry;
import io.s3migration.protocol.Bucket;
import software.amazon.awssdk.awscore.endpoints.AwsEndpointAttribute;
import software.amazon.awssdk.awscore.endpoints.authscheme.EndpointAuthScheme;
import software.amazon.awssdk.awscore.endpoints.authscheme.SigV4AuthScheme;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.endpoints.Endpoint;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.apache.ProxyConfiguration;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.endpoints.S3EndpointParams;
import software.amazon.awssdk.services.s3.endpoints.S3EndpointProvider;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;
import software.amazon.awssdk.utils.DateUtils;
import software.amazon.awssdk.utils.IoUtils;
import software.amazon.awssdk.utils.StringUtils;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * ListObjectsV2, GetObject, PutObject, UploadPart and HeadObject for one bucket, signed with SigV4 as the SDK's signer signs
 * them ({@link HeaderSigner}: no body hashing) and sent on {@link DirectHttp} (Apache HttpClient set up as the
 * SDK's), so the same address guard ({@link io.s3migration.copier.net.PinnedResolver}), TLS trust and "no redirects"
 * hold; the bucket's URL and signing scope come from the SDK's own endpoint rules, once. What it skips is the client
 * pipeline around each request (interceptors, marshallers, DOM unmarshalling, per-request endpoint and auth
 * resolution): the benchmark
 * profile put ~45% of the copier's CPU on 20,000 small objects there. Listings are read by {@link ListingXml}. Errors come back as the SDK's {@link S3Exception}, code and message read from the error body, so
 * classification is unchanged; a transient one is retried here first, as often as the SDK client would
 * ({@link #RETRY}), before the caller's own {@link Retry} sees it (a PUT's retry reads its body anew: a new source GET).
 *
 * <p>Only for endpoints that are not AWS (see {@link #forBucket}): to AWS the SDK also sends a CRC32 checksum with
 * every PUT, which is the only end-to-end check left when the source ETag is not an MD5 and the destination encrypts
 * with KMS.
 */
public final class DirectHotPath implements HotPath {
    /** Request members this path sends; a request with any other member set is refused, never sent without it. */
    private static final Set<String> LIST_MEMBERS = Set.of("Bucket", "Prefix", "Delimiter", "StartAfter", "ContinuationToken",
            "MaxKeys");
    private static final Set<String> GET_MEMBERS = Set.of("Bucket", "Key", "Range", "IfMatch");
    private static final Set<String> HEAD_MEMBERS = Set.of("Bucket", "Key");
    private static final Set<String> PUT_MEMBERS = Set.of("Bucket", "Key", "ContentLength", "ContentType", "CacheControl",
            "ContentDisposition", "ContentEncoding", "ContentLanguage", "Expires", "Metadata", "StorageClass", "Tagging",
            "ContentMD5");
    private static final Set<String> UPLOAD_PART_MEMBERS = Set.of("Bucket", "Key", "UploadId", "PartNumber", "ContentLength",
            "ContentMD5", "ChecksumAlgorithm");
    /** The SDK client's default: 3 attempts, backoff from 100 ms with full jitter. */
    static final Retry RETRY = new Retry(3, Duration.ofMillis(100), Duration.ofSeconds(20));
    private static final String META = "x-amz-meta-";
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final DirectHttp http;
    private final HeaderSigner signer;
    private final AwsCredentialsIdentity credentials;
    private final String bucket;
    private final URI bucketUrl;

    DirectHotPath(DirectHttp http, AwsCredentialsIdentity credentials, String bucket, URI bucketUrl,
                  String signingName, String signingRegion) {
        this.http = http;
        this.credentials = credentials;
        this.bucket = bucket;
        this.bucketUrl = bucketUrl;
        this.signer = new HeaderSigner(signingName, signingRegion, Clock.systemUTC());
    }

    /**
     * The direct path for {@code bucket}, or null where the SDK client must send its requests: AWS itself (see above),
     * ARNs, S3 Express, any endpoint whose rules ask for another signature than plain SigV4, or when an HTTP proxy is
     * configured (system properties or environment, as the SDK's HTTP client reads them: its client then sends through
     * the proxy). The HTTP client becomes this path's: closed with it.
     */
    public static DirectHotPath forBucket(Bucket bucket, String region, AwsCredentialsIdentity credentials,
                                          Supplier<DirectHttp> http) {
        if (bucket.endpoint() == null || S3ClientFactory.isAws(S3ClientFactory.endpointUri(bucket.endpoint()))
                || !ResolvedOnce.cacheable(bucket.bucket(), false, false) || proxyConfigured()) {
            return null;
        }
        Endpoint endpoint = S3EndpointProvider.defaultProvider().resolveEndpoint(S3EndpointParams.builder()
                .bucket(bucket.bucket()).region(Region.of(region)).forcePathStyle(bucket.pathStyle())
                .endpoint(S3ClientFactory.endpointUri(bucket.endpoint()).toString())
                .useFips(false).useDualStack(false).accelerate(false).build()).join();
        List<EndpointAuthScheme> schemes = endpoint.attribute(AwsEndpointAttribute.AUTH_SCHEMES);
        if (schemes == null || schemes.isEmpty() || !(schemes.get(0) instanceof SigV4AuthScheme sigV4)) {
            return null;
        }
        return new DirectHotPath(http.get(), credentials, bucket.bucket(), endpoint.url(),
                sigV4.signingName() == null ? "s3" : sigV4.signingName(),
                sigV4.signingRegion() == null ? region : sigV4.signingRegion());
    }

    @Override
    public ListObjectsV2Response listObjectsV2(ListObjectsV2Request request) {
        sendsOnly(request, LIST_MEMBERS);
        SdkHttpFullRequest.Builder list = request(SdkHttpMethod.GET, null)
                .putRawQueryParameter("list-type", "2")
                .putRawQueryParameter("encoding-type", "url"); // keys with characters XML 1.0 cannot carry
        if (request.prefix() != null) {
            list.putRawQueryParameter("prefix", request.prefix());
        }
        if (request.delimiter() != null) {
            list.putRawQueryParameter("delimiter", request.delimiter());
        }
        if (request.startAfter() != null) {
            list.putRawQueryParameter("start-after", request.startAfter());
        }
        if (request.continuationToken() != null) {
            list.putRawQueryParameter("continuation-token", request.continuationToken());
        }
        if (request.maxKeys() != null) {
            list.putRawQueryParameter("max-keys", request.maxKeys().toString());
        }
        HttpExecuteResponse response = send(list, null);
        try (InputStream body = body(response)) {
            return ListingXml.parse(body.readAllBytes());
        } catch (IOException e) {
            throw SdkClientException.create("reading a listing failed: " + e.getMessage(), e);
        } catch (XMLStreamException e) {
            throw SdkClientException.create("the listing of bucket " + bucket + " is not valid XML: " + e.getMessage(), e);
        }
    }

    @Override
    public ResponseInputStream<GetObjectResponse> getObject(GetObjectRequest request) {
        sendsOnly(request, GET_MEMBERS);
        SdkHttpFullRequest.Builder get = request(SdkHttpMethod.GET, request.key());
        if (request.range() != null) {
            get.putHeader("Range", request.range());
        }
        if (request.ifMatch() != null) {
            get.putHeader("If-Match", request.ifMatch());
        }
        HttpExecuteResponse response = send(get, null);
        SdkHttpResponse h = response.httpResponse();
        GetObjectResponse.Builder got = GetObjectResponse.builder()
                .eTag(header(h, "ETag"))
                .contentLength(longHeader(h, "Content-Length"))
                .contentRange(header(h, "Content-Range"))
                .contentType(header(h, "Content-Type"))
                .cacheControl(header(h, "Cache-Control"))
                .contentDisposition(header(h, "Content-Disposition"))
                .contentEncoding(header(h, "Content-Encoding"))
                .contentLanguage(header(h, "Content-Language"))
                .expires(date(header(h, "Expires")))
                .metadata(userMetadata(h))
                .serverSideEncryption(header(h, "x-amz-server-side-encryption"))
                .sseCustomerAlgorithm(header(h, "x-amz-server-side-encryption-customer-algorithm"))
                .storageClass(header(h, "x-amz-storage-class"));
        String tags = header(h, "x-amz-tagging-count");
        if (tags != null) {
            got.tagCount(Integer.valueOf(tags.trim()));
        }
        got.sdkHttpResponse(h);
        return new ResponseInputStream<>(got.build(), response.responseBody().orElseGet(AbortableInputStream::createEmpty));
    }

    @Override
    public PutObjectResponse putObject(PutObjectRequest request, RequestBody body) {
        sendsOnly(request, PUT_MEMBERS);
        long length = request.contentLength() != null ? request.contentLength()
                : body.optionalContentLength().orElseThrow(() -> new IllegalArgumentException("a PUT needs its length"));
        SdkHttpFullRequest.Builder put = request(SdkHttpMethod.PUT, request.key())
                .putHeader("Content-Length", Long.toString(length))
                .putHeader("Content-Type", request.contentType() != null ? request.contentType() : body.contentType());
        optionalHeader(put, "Content-MD5", request.contentMD5());
        optionalHeader(put, "Cache-Control", request.cacheControl());
        optionalHeader(put, "Content-Disposition", request.contentDisposition());
        optionalHeader(put, "Content-Encoding", request.contentEncoding());
        optionalHeader(put, "Content-Language", request.contentLanguage());
        optionalHeader(put, "Expires", request.expires() == null ? null : DateUtils.formatRfc822Date(request.expires()));
        optionalHeader(put, "x-amz-storage-class", request.storageClassAsString());
        optionalHeader(put, "x-amz-tagging", request.tagging());
        request.metadata().forEach((name, value) -> put.putHeader(META + name, value));
        SdkHttpResponse h = sendBody(put, body.contentStreamProvider());
        PutObjectResponse.Builder stored = PutObjectResponse.builder()
                .eTag(header(h, "ETag"))
                .serverSideEncryption(header(h, "x-amz-server-side-encryption"))
                .sseCustomerAlgorithm(header(h, "x-amz-server-side-encryption-customer-algorithm"))
                .versionId(header(h, "x-amz-version-id"));
        stored.sdkHttpResponse(h);
        return stored.build();
    }

    /** One part of a multipart upload; what comes back is what a part's check needs: its ETag and the encryption. */
    @Override
    public UploadPartResponse uploadPart(UploadPartRequest request, RequestBody body) {
        sendsOnly(request, UPLOAD_PART_MEMBERS);
        long length = request.contentLength() != null ? request.contentLength()
                : body.optionalContentLength().orElseThrow(() -> new IllegalArgumentException("a part needs its length"));
        SdkHttpFullRequest.Builder part = request(SdkHttpMethod.PUT, request.key())
                .putRawQueryParameter("partNumber", request.partNumber().toString())
                .putRawQueryParameter("uploadId", request.uploadId())
                .putHeader("Content-Length", Long.toString(length))
                .putHeader("Content-Type", body.contentType());
        optionalHeader(part, "Content-MD5", request.contentMD5());
        SdkHttpResponse h = sendBody(part, checked(part, request.checksumAlgorithm(), body.contentStreamProvider(), length));
        UploadPartResponse.Builder stored = UploadPartResponse.builder()
                .eTag(header(h, "ETag"))
                .serverSideEncryption(header(h, "x-amz-server-side-encryption"))
                .sseCustomerAlgorithm(header(h, "x-amz-server-side-encryption-customer-algorithm"));
        stored.sdkHttpResponse(h);
        return stored.build();
    }

    /**
     * The object's headers only: ETag, length, last modified and user metadata, which is what a HEAD is asked for here
     * (the source ETag an earlier copy recorded). A missing object is the SDK's 404 (a HEAD answer has no error body,
     * so without an error code, as through the SDK client).
     */
    @Override
    public HeadObjectResponse headObject(HeadObjectRequest request) {
        sendsOnly(request, HEAD_MEMBERS);
        HttpExecuteResponse response = send(request(SdkHttpMethod.HEAD, request.key()), null);
        IoUtils.closeQuietly(response.responseBody().orElse(null), null);
        SdkHttpResponse h = response.httpResponse();
        HeadObjectResponse.Builder head = HeadObjectResponse.builder()
                .eTag(header(h, "ETag"))
                .contentLength(longHeader(h, "Content-Length"))
                .lastModified(date(header(h, "Last-Modified")))
                .metadata(userMetadata(h));
        head.sdkHttpResponse(h);
        return head.build();
    }

    /** Whether the SDK's HTTP client would send through a proxy (its default configuration reads it from the environment). */
    static boolean proxyConfigured() {
        ProxyConfiguration proxy = ProxyConfiguration.builder().build();
        return proxy.host() != null && !proxy.host().isBlank();
    }

    /** Where this bucket's requests go, as the SDK's endpoint rules put it. */
    URI bucketUrl() {
        return bucketUrl;
    }

    @Override
    public void close() {
        http.close();
    }

    /** A request to the bucket (key null) or to one of its objects, not yet signed. */
    private SdkHttpFullRequest.Builder request(SdkHttpMethod method, String key) {
        String base = bucketUrl.getRawPath() == null ? "" : bucketUrl.getRawPath();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        // the bucket itself is "/bucket" path-style, "/" virtual-hosted: as the SDK sends it
        String path = key != null ? base + "/" + SdkHttpUtils.urlEncodeIgnoreSlashes(key) : base.isEmpty() ? "/" : base;
        SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder().method(method).protocol(bucketUrl.getScheme())
                .host(bucketUrl.getHost()).encodedPath(path);
        return bucketUrl.getPort() == -1 ? request : request.port(bucketUrl.getPort());
    }

    /**
     * Signs and sends, again while the failure is transient ({@link #RETRY}); an answer that is not 2xx becomes the
     * {@link S3Exception} the SDK would have thrown.
     */
    private HttpExecuteResponse send(SdkHttpFullRequest.Builder unsigned, ContentStreamProvider body) {
        SdkHttpFullRequest request = unsigned.build();
        return RETRY.run(() -> sendOnce(request, body));
    }

    /**
     * The body as sent: as it is, or, with {@code algorithm} (CRC32C, the only one this path sends), framed with its
     * checksum in a trailer ({@link TrailingCrc32c}) and the headers that say so.
     */
    private static ContentStreamProvider checked(SdkHttpFullRequest.Builder request, ChecksumAlgorithm algorithm,
                                                 ContentStreamProvider body, long length) {
        if (algorithm == null) {
            return body;
        }
        if (algorithm != ChecksumAlgorithm.CRC32_C) {
            throw new IllegalArgumentException("the direct request path sends CRC32C checksums only, not " + algorithm
                    + ": send this request through the SDK client");
        }
        return trailing(request, body, length, false);
    }

    private static ContentStreamProvider trailing(SdkHttpFullRequest.Builder request, ContentStreamProvider body, long length,
                                                  boolean wrong) {
        request.putHeader("Content-Length", Long.toString(TrailingCrc32c.framedLength(length)))
                .putHeader("Content-Encoding", "aws-chunked")
                .putHeader("x-amz-decoded-content-length", Long.toString(length))
                .putHeader("x-amz-trailer", TrailingCrc32c.TRAILER)
                .putHeader("x-amz-content-sha256", TrailingCrc32c.CONTENT_SHA256);
        return new TrailingCrc32c(body, length, wrong);
    }

    @Override
    public boolean asksAboutTrailingChecksums() {
        return true;
    }

    /**
     * Whether this bucket's server checks a trailing CRC32C, asked with two 1-byte parts of {@code uploadId} (an upload
     * of {@code key} the caller made and aborts afterwards): with their own checksum part 1 must be taken, with a
     * wrong one part 2 refused. A server that takes a checksum it does not check would otherwise leave every byte sent
     * so unchecked. Each part is sent once: anything but these two answers proves nothing.
     */
    @Override
    public TrailerCheck checksTrailingCrc32c(String key, String uploadId) {
        byte[] one = {42};
        int right = probePart(key, uploadId, 1, one, false);
        int wrong = right / 100 == 2 ? probePart(key, uploadId, 2, one, true) : 0;
        return TrailerCheck.of(right, wrong);
    }

    /** The status code of a 1-byte part sent with a trailing CRC32C (a wrong one if asked); 0 when none came back. */
    private int probePart(String key, String uploadId, int number, byte[] bytes, boolean wrongChecksum) {
        SdkHttpFullRequest.Builder part = request(SdkHttpMethod.PUT, key)
                .putRawQueryParameter("partNumber", Integer.toString(number))
                .putRawQueryParameter("uploadId", uploadId)
                .putHeader("Content-Type", "application/octet-stream");
        ContentStreamProvider body = trailing(part, () -> new ByteArrayInputStream(bytes), bytes.length, wrongChecksum);
        try {
            IoUtils.closeQuietly(sendOnce(part.build(), body).responseBody().orElse(null), null);
            return 200;
        } catch (S3Exception e) {
            return e.statusCode();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** Sends a request with a body and reads its answer's headers (the body, if any, is read and dropped). */
    private SdkHttpResponse sendBody(SdkHttpFullRequest.Builder unsigned, ContentStreamProvider body) {
        HttpExecuteResponse response = send(unsigned, body);
        // the answer was read; a connection that cannot be reused is dropped by the pool
        IoUtils.closeQuietly(response.responseBody().orElse(null), null);
        return response.httpResponse();
    }

    private HttpExecuteResponse sendOnce(SdkHttpFullRequest request, ContentStreamProvider body) {
        SdkHttpFullRequest signed = signer.sign(request, credentials);
        HttpExecuteResponse response;
        try {
            response = http.execute(signed, body);
        } catch (IOException e) {
            throw SdkClientException.create("unable to execute HTTP request: " + e.getMessage(), e);
        }
        if (!response.httpResponse().isSuccessful()) {
            throw error(response);
        }
        return response;
    }

    private static S3Exception error(HttpExecuteResponse response) {
        SdkHttpResponse h = response.httpResponse();
        String code = null;
        String message = null;
        String requestId = header(h, "x-amz-request-id");
        try (InputStream body = body(response)) {
            byte[] bytes = body.readNBytes(MAX_ERROR_BODY);
            if (bytes.length > 0) {
                XMLStreamReader r = ListingXml.reader(bytes);
                while (r.hasNext()) {
                    if (r.next() == XMLStreamConstants.START_ELEMENT) {
                        switch (r.getLocalName()) {
                            case "Code" -> code = r.getElementText();
                            case "Message" -> message = r.getElementText();
                            case "RequestId" -> requestId = requestId != null ? requestId : r.getElementText();
                            default -> { }
                        }
                    }
                }
            }
        } catch (IOException | XMLStreamException | RuntimeException e) {
            // not an S3 error document: the status code alone classifies it
        }
        String text = (code == null ? "HTTP " + h.statusCode() : code) + (message == null ? "" : ": " + message);
        return (S3Exception) S3Exception.builder()
                .statusCode(h.statusCode())
                .message(text + " (Service: S3, Status Code: " + h.statusCode() + ", Request ID: " + requestId + ")")
                .requestId(requestId)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).serviceName("S3")
                        .sdkHttpResponse(h).build())
                .build();
    }

    /** Refuses a request with a member this path would not send: better an error in tests than a silently dropped header. */
    private static void sendsOnly(SdkPojo request, Set<String> members) {
        for (SdkField<?> field : request.sdkFields()) {
            Object value = field.getValueOrDefault(request);
            boolean empty = value == null || value instanceof Collection<?> c && c.isEmpty() || value instanceof Map<?, ?> m && m.isEmpty();
            if (!empty && !members.contains(field.memberName())) {
                throw new IllegalArgumentException("the direct request path does not send " + field.memberName()
                        + ": send this request through the SDK client");
            }
        }
    }

    private static InputStream body(HttpExecuteResponse response) {
        return response.responseBody().map(InputStream.class::cast).orElseGet(InputStream::nullInputStream);
    }

    private static String header(SdkHttpResponse response, String name) {
        return response.firstMatchingHeader(name).orElse(null);
    }

    private static Long longHeader(SdkHttpResponse response, String name) {
        String value = header(response, name);
        return value == null ? null : Long.valueOf(value.trim());
    }

    private static Map<String, String> userMetadata(SdkHttpResponse response) {
        Map<String, String> metadata = new LinkedHashMap<>();
        response.forEachHeader((name, values) -> {
            if (StringUtils.startsWithIgnoreCase(name, META)) {
                metadata.put(name.substring(META.length()), String.join(",", values));
            }
        });
        return metadata;
    }

    /** An Expires header as an instant; null when absent or not a date (as the SDK reads it). */
    private static Instant date(String value) {
        if (value == null) {
            return null;
        }
        try {
            return DateUtils.parseRfc822Date(value);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void optionalHeader(SdkHttpFullRequest.Builder request, String name, String value) {
        if (value != null) {
            request.putHeader(name, value);
        }
    }
}
